package io.autobiz.kernel.config;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Optional;

/** The config each store runs under now. */
@FunctionalInterface
@KernelApi
public interface ConfigSource {

    /** Empty when the store has no valid config: then every call of the store is refused. */
    Optional<ActiveConfig> activeFor(TenantId tenant);
}
