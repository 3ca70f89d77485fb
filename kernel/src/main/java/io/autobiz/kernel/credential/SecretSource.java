package io.autobiz.kernel.credential;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where stores' secrets live: the encrypted table ({@link JdbcSecretSource}, the default), the environment
 * ({@link EnvironmentSecretSource}), or a vault. Names are {@code <dependency>.<key>} ({@link SecretName}), e.g.
 * {@code stripe.api_key} or {@code printful.webhook_secret}.
 *
 * <p>An implementation answers for exactly the tenant it is asked about and never falls back to another tenant's
 * value; it may throw {@link CredentialRefusedException} for a stored value that does not belong where it was found.
 */
@KernelApi
@FunctionalInterface
public interface SecretSource {

    Optional<String> find(TenantId tenant, String name);

    /** Secrets from environment variables (the quick start and tests; docs/operations.md names the variables). */
    static SecretSource fromEnvironment(Function<String, String> environment) {
        return new EnvironmentSecretSource(environment);
    }
}
