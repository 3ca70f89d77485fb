package io.autobiz.credentials;

import io.autobiz.kernel.credential.CachingSecretSource;
import io.autobiz.kernel.credential.CredentialAudit;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.credential.JdbcSecretSource;
import io.autobiz.kernel.credential.SecretSource;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires credentials: the encrypted store, the source tools read from (behind a short cache), the audit trail and the
 * {@link CredentialScoper} the kernel, webhooks and sandboxes use.
 *
 * <p>Another source (HashiCorp Vault, AWS Secrets Manager) plugs in as one more {@link SecretSource}: a class that maps
 * {@code (tenant, name)} to its path (e.g. {@code secret/data/autobiz/<tenant>}, field {@code <name>}), a value of
 * {@link CredentialProperties.Source}, and a branch in {@link #credentialSource}. The cache, the audit and the scoping
 * stay as they are (docs/operations.md).
 */
@Configuration(proxyBeanMethods = false)
public class CredentialConfiguration {

    @Bean
    JdbcSecretSource encryptedSecretStore(TenantJdbc jdbc, SecretBox secretBox, KeyRing masterKeys, Clock clock) {
        return new JdbcSecretSource(jdbc, secretBox, masterKeys, clock);
    }

    @Bean
    CachingSecretSource credentialSource(
            CredentialProperties properties, JdbcSecretSource store, Clock clock, MeterRegistry meters) {
        SecretSource source = switch (properties.source()) {
            case DATABASE -> store;
            case ENVIRONMENT -> SecretSource.fromEnvironment(System::getenv);
        };
        return new CachingSecretSource(source, properties.cacheTtl(), clock, meters);
    }

    @Bean
    CredentialAudit credentialAudit(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        return CredentialAudit.onDatabase(jdbc, meters, clock);
    }

    /**
     * Webhook signing secrets are read for every delivery, signed or not: those reads are written down only after the
     * signature held, and then once per store, secret and minute (docs/architecture.md, "Webhooks and events").
     */
    @Bean
    CredentialScoper credentialScoper(
            CachingSecretSource credentialSource,
            CredentialAudit credentialAudit,
            SecurityIncidents incidents,
            Clock clock) {
        return CredentialScoper.auditingProofsPerMinute(credentialSource, credentialAudit, incidents, clock);
    }
}
