package io.autobiz.kernel.credential;

import io.autobiz.kernel.tenant.TenantId;
import java.util.Optional;

/**
 * Where secrets live: configuration, the environment, an encrypted table, a vault. Names are
 * {@code <dependency>.<key>}, e.g. {@code stripe.api_key} or {@code printful.webhook_secret}.
 */
public interface SecretSource {

    Optional<String> find(TenantId tenant, String name);
}
