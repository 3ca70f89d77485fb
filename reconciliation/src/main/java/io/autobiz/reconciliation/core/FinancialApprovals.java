package io.autobiz.reconciliation.core;

import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.reconciliation.core.Reconciliation.PendingApproval;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A financial drift's way through WF07 ({@code daily-closeout}): taken up by one closeout, then repaired after an
 * approval, denied, refused by the kernel, investigated by a person, or timed out. Each outcome is recorded on its row
 * with who decided. Nothing here moves money: the approved repair call runs through the kernel, in the workflow.
 */
final class FinancialApprovals {

    private static final Logger log = LoggerFactory.getLogger(FinancialApprovals.class);

    private final ReconciliationRows rows;
    private final LocalTruth local;
    private final DriftCounts counts;

    FinancialApprovals(ReconciliationRows rows, LocalTruth local, DriftCounts counts) {
        this.rows = rows;
        this.local = local;
        this.counts = counts;
    }

    List<PendingApproval> takeUp(TenantId tenant, String approvalRef) {
        List<PendingApproval> taken = new ArrayList<>();
        for (ReconciliationRow row : rows.list(tenant, EnumSet.of(Status.AWAITING_APPROVAL))) {
            if (!row.financial() || row.approvalRef() != null) {
                continue;
            }
            // No call may be known to repair it (e.g. Stripe received less than AutoBiz captured): then it is taken
            // up all the same, for a person to look into in this closeout's investigation task; it is never repaired
            // by itself.
            Optional<LocalTruth.FinancialRepair> repair = local.financialRepair(toDrift(tenant, row));
            if (rows.assignApproval(tenant, row.reconciliationId(), approvalRef)) {
                taken.add(new PendingApproval(
                        rows.find(tenant, row.reconciliationId()).orElseThrow(), repair));
            }
        }
        return taken;
    }

    List<String> takenUpBy(TenantId tenant, String approvalRef, boolean repairable) {
        return rows.list(tenant, EnumSet.of(Status.AWAITING_APPROVAL)).stream()
                .filter(row -> row.financial() && approvalRef.equals(row.approvalRef()))
                .map(ReconciliationRow::reconciliationId)
                .filter(id -> repairOf(tenant, id).isPresent() == repairable)
                .toList();
    }

    Optional<LocalTruth.FinancialRepair> repairOf(TenantId tenant, String reconciliationId) {
        return local.financialRepair(toDrift(tenant, awaitingApproval(tenant, reconciliationId)));
    }

    ReconciliationRow recordRepaired(TenantId tenant, String reconciliationId, String approver, String detail) {
        ReconciliationRow row = awaitingApproval(tenant, reconciliationId);
        rows.resolve(
                tenant,
                reconciliationId,
                Status.REPAIRED,
                "approved; local " + row.localValue() + ", provider " + row.providerValue() + "; " + detail,
                approver);
        counts.count(toDrift(tenant, row), "repaired_after_approval");
        log.info("financial drift {} of {} repaired, approved by {}", reconciliationId, tenant, approver);
        return rows.find(tenant, reconciliationId).orElseThrow();
    }

    ReconciliationRow recordDenied(TenantId tenant, String reconciliationId, String approver, String reason) {
        ReconciliationRow row = awaitingApproval(tenant, reconciliationId);
        rows.resolve(tenant, reconciliationId, Status.DISMISSED, "denied: " + reason, approver);
        counts.count(toDrift(tenant, row), "denied");
        return rows.find(tenant, reconciliationId).orElseThrow();
    }

    ReconciliationRow recordRepairRefused(TenantId tenant, String reconciliationId, String reason) {
        ReconciliationRow row = awaitingApproval(tenant, reconciliationId);
        rows.resolve(tenant, reconciliationId, Status.REPAIR_FAILED, "repair refused by the kernel: " + reason, null);
        counts.count(toDrift(tenant, row), "repair_refused");
        return rows.find(tenant, reconciliationId).orElseThrow();
    }

    ReconciliationRow recordInvestigated(
            TenantId tenant, String reconciliationId, String operator, boolean resolved, String note) {
        ReconciliationRow row = awaitingApproval(tenant, reconciliationId);
        if (repairOf(tenant, reconciliationId).isPresent()) {
            throw new ReconciliationException("reconciliation " + reconciliationId + " in store " + tenant
                    + " has a repair call: it is approved or denied, not investigated");
        }
        String what = note == null || note.isBlank() ? "no note" : note;
        rows.resolve(
                tenant,
                reconciliationId,
                resolved ? Status.RESOLVED_BY_OPERATOR : Status.REPAIR_FAILED,
                (resolved ? "resolved by a person: " : "a person could not resolve it: ") + what,
                operator);
        counts.count(toDrift(tenant, row), resolved ? "resolved_by_operator" : "unresolved_by_operator");
        log.info(
                "financial drift {} of {} investigated by {}: {}",
                reconciliationId,
                tenant,
                operator,
                resolved ? "resolved" : "not resolved");
        return rows.find(tenant, reconciliationId).orElseThrow();
    }

    ReconciliationRow recordTimedOut(TenantId tenant, String reconciliationId) {
        ReconciliationRow row = awaitingApproval(tenant, reconciliationId);
        rows.resolve(
                tenant,
                reconciliationId,
                Status.APPROVAL_TIMED_OUT,
                "no decision in time (approval " + row.approvalRef() + "); nothing repaired",
                null);
        counts.count(toDrift(tenant, row), "approval_timed_out");
        return rows.find(tenant, reconciliationId).orElseThrow();
    }

    private ReconciliationRow awaitingApproval(TenantId tenant, String reconciliationId) {
        ReconciliationRow row = rows.find(tenant, reconciliationId)
                .orElseThrow(() ->
                        new ReconciliationException("no reconciliation " + reconciliationId + " in store " + tenant));
        if (!row.financial() || row.status() != Status.AWAITING_APPROVAL) {
            throw new ReconciliationException("reconciliation " + reconciliationId + " is " + row.status()
                    + (row.financial() ? "" : " and not financial") + "; only a financial drift awaiting approval"
                    + " can be decided");
        }
        return row;
    }

    static Drift toDrift(TenantId tenant, ReconciliationRow row) {
        return new Drift(
                row.reconciliationId(),
                tenant,
                LocalTruth.Kind.valueOf(row.entityType().toUpperCase(Locale.ROOT)),
                EntityId.parse(row.entityId()),
                row.field(),
                row.localValue(),
                row.providerValue(),
                row.financial());
    }
}
