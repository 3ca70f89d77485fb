package io.autobiz.kernel.credential;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Where credential accesses are written down. A failure to audit refuses the access: no unaudited secret leaves. */
@KernelApi
@FunctionalInterface
public interface CredentialAudit {

    void record(CredentialAccess access);

    /** Audit rows in the database, counted in {@code credential_access_total}. */
    static CredentialAudit onDatabase(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        return new JdbcCredentialAudit(jdbc, meters, clock);
    }
}
