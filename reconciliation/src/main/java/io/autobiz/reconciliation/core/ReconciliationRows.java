package io.autobiz.reconciliation.core;

import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The reconciliation rows of each store: what was found, and what became of it. {@link JdbcReconciliationRows}. */
interface ReconciliationRows {

    /** Records a newly found drift as OPEN. */
    void insert(Drift drift);

    /** True if the entity's field already has a drift that is not settled (open, awaiting approval, repair failed). */
    boolean unsettled(TenantId tenant, EntityId entity, String field);

    /** Moves a row to {@code status}; {@code decidedBy} is null when no one decided (the system did). */
    void resolve(TenantId tenant, String reconciliationId, Status status, String resolution, String decidedBy);

    /**
     * Assigns a financial drift awaiting approval to the closeout {@code approvalRef}; false if another closeout took
     * it up first or it no longer awaits approval.
     */
    boolean assignApproval(TenantId tenant, String reconciliationId, String approvalRef);

    /** The store's rows in the given states, oldest first. */
    List<ReconciliationRow> list(TenantId tenant, Set<Status> states);

    Optional<ReconciliationRow> find(TenantId tenant, String reconciliationId);
}
