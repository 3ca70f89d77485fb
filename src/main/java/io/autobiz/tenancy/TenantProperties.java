package io.autobiz.tenancy;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The stores this node serves ({@code autobiz.tenants.*}), with their provider settings and the secrets to seed the
 * encrypted credential store with. The one setting that tools, webhooks and workflows all read; everything else they
 * need has its own typed properties in their module.
 *
 * @param tenants store ID to its settings
 */
@ConfigurationProperties("autobiz")
public record TenantProperties(Map<String, TenantSettings> tenants) {

    public TenantProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }
}
