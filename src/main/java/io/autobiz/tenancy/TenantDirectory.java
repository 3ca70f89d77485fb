package io.autobiz.tenancy;

import io.autobiz.kernel.tenant.TenantId;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The stores this node serves and their (non-secret) provider settings. */
@Component
public class TenantDirectory {

    private final TenantProperties properties;

    public TenantDirectory(TenantProperties properties) {
        this.properties = properties;
    }

    public Optional<TenantSettings> find(TenantId tenant) {
        return Optional.ofNullable(properties.tenants().get(tenant.value()));
    }

    /** Settings of a tenant that must exist: a run never starts for an unknown store. */
    public TenantSettings require(TenantId tenant) {
        return find(tenant).orElseThrow(() -> new UnknownTenantException(tenant.value()));
    }

    public boolean isKnown(String tenant) {
        return TenantId.isValid(tenant) && properties.tenants().containsKey(tenant);
    }
}
