package io.autobiz.reconciliation.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciliation module's face. A pass ({@link #run}) reads provider truth for each of the {@link LocalTruth}'s
 * records through the kernel, lets the {@link DriftPolicy} name the fields that disagree and records each drift once
 * ({@link ReconciliationRows}). Non-financial drift (an order's or fulfilment's status, a tracking number) is repaired
 * at once ({@link DriftRepairs}). Financial drift (amounts, currencies, captures, refunds; every field of a payment or
 * refund) becomes AWAITING_APPROVAL: WF07 ({@code daily-closeout}) takes it up ({@link #takeUpForApproval}), opens a
 * Camunda approval task for its repair call and records the outcome ({@link #recordRepairedAfterApproval},
 * {@link #recordDenied}, {@link #recordApprovalTimedOut}) through {@link FinancialApprovals}. Nothing here moves money.
 */
public final class Reconciliation {

    /** Who repairs non-financial drift, in the audit record. */
    public static final String AUTOMATIC = "autobiz:reconciliation";

    /** A financial drift taken up by a closeout run, with the call that would repair it (empty: none is known). */
    public record PendingApproval(ReconciliationRow row, Optional<LocalTruth.FinancialRepair> repair) {}

    /** What one run found. */
    public record Report(int checked, List<Drift> drifts, List<String> unreadable) {}

    private final ReconciliationRows rows;
    private final LocalTruth local;
    private final KernelExecutor kernel;
    private final MeterRegistry meters;
    private final DriftRepairs repairs;
    private final FinancialApprovals approvals;

    public Reconciliation(TenantJdbc jdbc, LocalTruth local, KernelExecutor kernel, MeterRegistry meters, Clock clock) {
        this.rows = new JdbcReconciliationRows(jdbc, clock);
        this.local = local;
        this.kernel = kernel;
        this.meters = meters;
        DriftCounts counts = new DriftCounts(meters);
        this.repairs = new DriftRepairs(rows, local, counts);
        this.approvals = new FinancialApprovals(rows, local, counts);
    }

    /** One pass over the store's records; {@code run} is the kernel run the provider reads are charged to. */
    public Report run(RunContext run) {
        TenantId tenant = run.tenant();
        List<Drift> found = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<LocalTruth.LocalRecord> records = local.recordsToCheck(tenant);
        for (LocalTruth.LocalRecord record : records) {
            JsonNode provider;
            try {
                provider = kernel.execute(run, new ToolCall(record.providerRead(), record.readInput()))
                        .output();
            } catch (KernelError e) {
                // A provider that cannot be read is not drift: it is reported and read again on the next run.
                unreadable.add(record.entityId() + ": " + e.qualifiedCode());
                meters.counter("reconciliation_unreadable_total", "code", e.qualifiedCode())
                        .increment();
                continue;
            }
            for (Drift drift : DriftPolicy.detect(tenant, record, provider)) {
                if (rows.unsettled(tenant, drift.entityId(), drift.field())) {
                    continue;
                }
                found.add(drift);
                repairs.handle(run, drift);
            }
        }
        return new Report(records.size(), List.copyOf(found), List.copyOf(unreadable));
    }

    /**
     * Financial drifts awaiting an approval that no closeout has taken up yet, now assigned to {@code approvalRef}
     * (the closeout's process instance) so that no other run asks for them again; each with its repair call.
     */
    public List<PendingApproval> takeUpForApproval(TenantId tenant, String approvalRef) {
        return approvals.takeUp(tenant, approvalRef);
    }

    /**
     * The financial drifts still awaiting a decision that the closeout {@code approvalRef} took up, in the order found:
     * those a call can repair ({@code repairable}: each gets an approval task) or those none can (a person looks into
     * them).
     */
    public List<String> takenUpBy(TenantId tenant, String approvalRef, boolean repairable) {
        return approvals.takenUpBy(tenant, approvalRef, repairable);
    }

    /** The call that would repair a financial drift awaiting approval, built afresh from its row. */
    public Optional<LocalTruth.FinancialRepair> repairOf(TenantId tenant, String reconciliationId) {
        return approvals.repairOf(tenant, reconciliationId);
    }

    /** The approved repair call ran: the row names the approver and what the call did. */
    public ReconciliationRow recordRepairedAfterApproval(
            TenantId tenant, String reconciliationId, String approver, String detail) {
        return approvals.recordRepaired(tenant, reconciliationId, approver, detail);
    }

    /** An approver refused the repair; nothing changes and the row says who decided. */
    public ReconciliationRow recordDenied(TenantId tenant, String reconciliationId, String approver, String reason) {
        return approvals.recordDenied(tenant, reconciliationId, approver, reason);
    }

    /** The kernel refused the repair call (its arguments were not the approved ones): nothing was repaired. */
    public ReconciliationRow recordRepairRefused(TenantId tenant, String reconciliationId, String reason) {
        return approvals.recordRepairRefused(tenant, reconciliationId, reason);
    }

    /**
     * A person looked into a financial drift that no call can repair (the closeout's investigation task): settled, or
     * not; either way the row leaves AWAITING_APPROVAL and says who decided and what they did.
     */
    public ReconciliationRow recordInvestigated(
            TenantId tenant, String reconciliationId, String operator, boolean resolved, String note) {
        return approvals.recordInvestigated(tenant, reconciliationId, operator, resolved, note);
    }

    /** Nobody decided in time: nothing is repaired; the next reconciliation finds the drift again. */
    public ReconciliationRow recordApprovalTimedOut(TenantId tenant, String reconciliationId) {
        return approvals.recordTimedOut(tenant, reconciliationId);
    }

    /** The store's rows in the given states, oldest first. */
    public List<ReconciliationRow> list(TenantId tenant, Set<Status> states) {
        return rows.list(tenant, states);
    }

    public Optional<ReconciliationRow> find(TenantId tenant, String reconciliationId) {
        return rows.find(tenant, reconciliationId);
    }
}
