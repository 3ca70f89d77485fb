package io.autobiz.kernel.credential;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Map;
import java.util.Optional;

/** One tenant's credentials for one provider. Its {@link #toString()} names the scope, never a value. */
public final class ScopedCredentials {

    private final TenantId tenant;
    private final String dependency;
    private final SecretSource source;

    ScopedCredentials(TenantId tenant, String dependency, SecretSource source) {
        this.tenant = tenant;
        this.dependency = dependency;
        this.source = source;
    }

    public TenantId tenant() {
        return tenant;
    }

    /** The secret {@code <dependency>.<key>} of this tenant; a missing one refuses the call with a clear reason. */
    public String require(String key) {
        return find(key)
                .orElseThrow(() -> KernelError.of(
                        ErrorCode.CREDENTIAL_MISSING,
                        "tenant " + tenant + " has no credential '" + dependency + "." + key + "' configured",
                        Map.of("tenant", tenant.value(), "credential", dependency + "." + key)));
    }

    public Optional<String> find(String key) {
        return source.find(tenant, dependency + "." + key).filter(value -> !value.isBlank());
    }

    @Override
    public String toString() {
        return "ScopedCredentials[" + tenant + ", " + dependency + "]";
    }
}
