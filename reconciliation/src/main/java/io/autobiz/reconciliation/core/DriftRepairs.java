package io.autobiz.reconciliation.core;

import io.autobiz.kernel.RunContext;
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
                    "awaiting an approval task (daily-closeout)",
                    null);
            counts.count(drift, "awaiting_approval");
            log.warn("financial drift on {} {} ({}) awaits an approval", drift.kind(), drift.entityId(), drift.field());
            return;
        }
        String detail;
        try {
            detail = local.repair(run, drift);
        } catch (RuntimeException e) {
            rows.resolve(
                    drift.tenant(),
                    drift.reconciliationId(),
                    Status.REPAIR_FAILED,
                    "repair failed: " + e,
                    Reconciliation.AUTOMATIC);
            counts.count(drift, "repair_failed");
            log.warn("repair of drift {} failed: {}", drift.reconciliationId(), e.toString());
            return;
        }
        rows.resolve(
                drift.tenant(),
                drift.reconciliationId(),
                Status.REPAIRED,
                "local " + drift.localValue() + ", provider " + drift.providerValue() + "; " + detail,
                Reconciliation.AUTOMATIC);
        counts.count(drift, "repaired");
        log.info("drift on {} {} ({}) repaired automatically", drift.kind(), drift.entityId(), drift.field());
    }
}
