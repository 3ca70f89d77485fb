package io.autobiz.credentials;

import io.autobiz.kernel.credential.JdbcSecretSource;
import io.autobiz.kernel.credential.SecretName;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.tenancy.TenantSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Moves secrets from configuration ({@code autobiz.tenants.<id>.secrets}) into the encrypted table at start-up, each
 * only if the store has no secret by that name yet. This is how the quick start's fake demo keys reach the encrypted
 * store, and how an operator seeds a new store; afterwards the table is the truth and rotation goes through the admin
 * API (a configured value that differs from the stored one is reported, never applied). Runs after the stores are
 * provisioned and before anything uses a credential.
 */
@Component
@Order(15)
class ConfiguredSecretsImport implements ApplicationRunner {

    static final String ACTOR = "config-import";
    private static final Logger log = LoggerFactory.getLogger(ConfiguredSecretsImport.class);

    private final TenantProperties autobiz;
    private final CredentialProperties credentials;
    private final JdbcSecretSource store;

    ConfiguredSecretsImport(TenantProperties autobiz, CredentialProperties credentials, JdbcSecretSource store) {
        this.autobiz = autobiz;
        this.credentials = credentials;
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Map.Entry<String, TenantSettings> entry : new TreeMap<>(autobiz.tenants()).entrySet()) {
            TenantId tenant = TenantId.of(entry.getKey());
            Map<String, String> configured = new TreeMap<>(entry.getValue().secrets());
            if (configured.isEmpty()) {
                continue;
            }
            if (credentials.source() != CredentialProperties.Source.DATABASE || !credentials.importConfigured()) {
                log.warn(
                        "the {} configured secret(s) of store {} are not used: credentials come from {}{}",
                        configured.size(),
                        tenant,
                        credentials.source().name().toLowerCase(Locale.ROOT),
                        credentials.importConfigured() ? "" : " and importing is off");
                continue;
            }
            importFor(tenant, configured);
        }
    }

    private void importFor(TenantId tenant, Map<String, String> configured) {
        List<String> imported = new ArrayList<>();
        for (Map.Entry<String, String> secret : configured.entrySet()) {
            String name = secret.getKey();
            if (!SecretName.isValid(name)) {
                throw new IllegalStateException("autobiz.tenants." + tenant + ".secrets has a secret named '" + name
                        + "'; names are <dependency>.<key>, e.g. stripe.api_key");
            }
            String value = secret.getValue();
            if (value == null || value.isBlank()) {
                log.warn("configured secret {} of store {} is blank and was not imported", name, tenant);
            } else if (store.importIfAbsent(tenant, name, value, ACTOR)) {
                imported.add(name);
            } else if (!store.find(tenant, name)
                    .map(stored -> Digests.constantTimeEquals(stored, value))
                    .orElse(false)) {
                log.warn(
                        "configured secret {} of store {} differs from the stored one; the stored one is used."
                                + " Rotate it through PUT /admin/tenants/{}/credentials/{} and remove it from the"
                                + " configuration",
                        name,
                        tenant,
                        tenant,
                        name);
            }
        }
        if (!imported.isEmpty()) {
            log.info(
                    "imported {} configured secret(s) of store {} into the encrypted store: {}",
                    imported.size(),
                    tenant,
                    imported);
        }
    }
}
