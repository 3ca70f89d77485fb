package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;

/**
 * Where refused cross-tenant attempts go: every one is written down, logged and counted
 * ({@code cross_tenant_attempt_total}). Recording never replaces the refusal: the caller refuses either way.
 */
@KernelApi
@FunctionalInterface
public interface SecurityIncidents {

    /** Records the incident; never throws for a failure to store it, because the refusal must still happen. */
    void record(SecurityIncident incident);
}
