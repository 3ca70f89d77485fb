package io.autobiz.reconciliation.core;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a drift when it is found: it is recorded; a non-financial one is repaired at once through the
 * {@link LocalTruth}, in whichever direction it knows to be right, and the row says both values, what was done and by
 * whom; a financial one waits for an approval ({@link FinancialApprovals}).
 */
final class DriftRepairs {

    private static final Logger log = LoggerFactory.getLogger(DriftRepairs.class);

    private final ReconciliationRows rows;
    private final LocalTruth local;
    private final DriftCounts counts;

    DriftRepairs(ReconciliationRows rows, LocalTruth local, DriftCounts counts) {
        this.rows = rows;
        this.local = local;
        this.counts = counts;
    }

    void handle(RunContext run, Drift drift) {
        rows.insert(drift);
        if (drift.financial()) {
            rows.resolve(
                    drift.tenant(),
                    drift.reconciliationId(),
                    Status.AWAITING_APPROVAL,
                    "awaiting the store's next daily closeout (daily-closeout), which takes it up for an approval task",
                    null);
            counts.count(drift, "awaiting_approval");
            log.warn("financial drift on {} {} ({}) awaits an approval", drift.kind(), drift.entityId(), drift.field());
            return;
        }
        repair(run, drift, false);
    }

    /**
     * A later pass found the drift of a failed automatic repair again: the repair is tried again on the same row, which
     * ends REPAIRED or stays REPAIR_FAILED with the new reason (and is tried on the next pass again).
     */
    void retry(RunContext run, ReconciliationRow failed, Drift found) {
        Drift drift = new Drift(
                failed.reconciliationId(),
                found.tenant(),
                found.kind(),
                found.entityId(),
                found.field(),
                found.localValue(),
                found.providerValue(),
                false);
        repair(run, drift, true);
    }

    /** Repairs {@code drift} locally and resolves its row: REPAIRED with what was done, or REPAIR_FAILED with why. */
    private void repair(RunContext run, Drift drift, boolean again) {
        String detail;
        try {
            detail = local.repair(run, drift);
        } catch (RuntimeException e) {
            rows.resolve(
                    drift.tenant(),
                    drift.reconciliationId(),
                    Status.REPAIR_FAILED,
                    (again ? "repair failed again: " : "repair failed: ") + e,
                    Reconciliation.AUTOMATIC);
            counts.count(drift, "repair_failed");
            log.warn("repair of drift {} failed{}: {}", drift.reconciliationId(), again ? " again" : "", e.toString());
            return;
        }
        rows.resolve(
                drift.tenant(),
                drift.reconciliationId(),
                Status.REPAIRED,
                "local " + drift.localValue() + ", provider " + drift.providerValue() + "; "
                        + (again ? "repaired on a later pass after a failed attempt; " : "") + detail,
                Reconciliation.AUTOMATIC);
        counts.count(drift, "repaired");
        log.info(
                "drift on {} {} ({}) repaired {}",
                drift.kind(),
                drift.entityId(),
                drift.field(),
                again ? "on a later pass" : "automatically");
    }

    /**
     * Read again, the entity no longer drifts on the row's field (local and provider agree: the change the drift saw
     * was still on its way, e.g. a refund whose receipt was being written, or someone repaired it). A failed repair
     * is then REPAIRED, and a financial drift no closeout took up yet is DISMISSED: there is nothing left to approve.
     */
    void gone(TenantId tenant, ReconciliationRow row) {
        Drift drift = FinancialApprovals.toDrift(tenant, row);
        boolean failedRepair = row.status() == Status.REPAIR_FAILED;
        rows.resolve(
                drift.tenant(),
                row.reconciliationId(),
                failedRepair ? Status.REPAIRED : Status.DISMISSED,
                "no drift any more when read again: local and provider agree"
                        + (failedRepair ? "" : "; nothing to approve"),
                Reconciliation.AUTOMATIC);
        counts.count(drift, "gone");
        log.info("drift {} gone when read again ({})", row.reconciliationId(), row.status());
    }
}
