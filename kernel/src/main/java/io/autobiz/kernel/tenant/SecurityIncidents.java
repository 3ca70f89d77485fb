package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Where refused cross-tenant attempts go: every one is written down, logged and counted
 * ({@code cross_tenant_attempt_total}). Recording never replaces the refusal: the caller refuses either way.
 */
@KernelApi
@FunctionalInterface
public interface SecurityIncidents {

    /** Records the incident; never throws for a failure to store it, because the refusal must still happen. */
    void record(SecurityIncident incident);

    /**
     * Incidents in the database, each written in a transaction of its own (so a refused step's rollback keeps it):
     * give it a {@code jdbc} on the pool directly that reports to no incidents itself.
     */
    static SecurityIncidents onDatabase(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        return new JdbcSecurityIncidents(jdbc, meters, clock);
    }
}
