package io.autobiz.reconciliation;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.reconciliation.core.LocalTruth;
import java.util.Optional;

/** The order a workflow run worked on, from the run's variables (running or ended); empty for an unknown run. */
interface OrdersOfRuns {

    /** @param runId a process instance ID, as receipts name it; a run of another store is unknown */
    Optional<LocalTruth.Order> of(TenantId tenant, String runId);
}
