package io.autobiz.app.tenancy;

import io.autobiz.app.AutoBizProperties;
import io.autobiz.kernel.credential.SecretSource;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Optional;

/**
 * Secrets from the application's configuration ({@code autobiz.tenants.<id>.secrets}), which profiles fill from the
 * environment. Each tenant's map is read only for that tenant.
 */
public final class ConfiguredSecretSource implements SecretSource {

    private final AutoBizProperties properties;

    public ConfiguredSecretSource(AutoBizProperties properties) {
        this.properties = properties;
    }

    @Override
    public Optional<String> find(TenantId tenant, String name) {
        AutoBizProperties.TenantSettings settings = properties.tenants().get(tenant.value());
        return settings == null
                ? Optional.empty()
                : Optional.ofNullable(settings.secrets().get(name));
    }
}
