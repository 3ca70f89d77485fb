package io.autobiz.kernel.config;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.time.Clock;
import java.util.Optional;

/** The stores' config versions: append-only, newest wins. {@link JdbcConfigVersions} keeps them in the database. */
@KernelApi
public interface ConfigVersions {

    /** A stored version. */
    record StoredConfig(TenantId tenant, long version, String sha256, String yaml) {}

    Optional<StoredConfig> latest(TenantId tenant);

    /** The newest version number, cheaply, for caches to see whether theirs is still current. */
    Optional<Long> latestVersion(TenantId tenant);

    boolean contains(TenantId tenant, String sha256);

    /** Appends a version, committed before this returns; validation is the caller's job. */
    StoredConfig append(TenantId tenant, String yaml, String sha256, String source, String createdBy);

    /** Config versions in the database, under the store's row-level security. */
    static ConfigVersions onDatabase(TenantJdbc jdbc, Clock clock) {
        return new JdbcConfigVersions(jdbc, clock);
    }
}
