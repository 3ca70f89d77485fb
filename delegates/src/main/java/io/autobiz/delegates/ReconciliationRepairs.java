package io.autobiz.delegates;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.reconciliation.core.LocalTruth.FinancialRepair;
import io.autobiz.reconciliation.core.Reconciliation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * {@code ${reconciliationRepairs}}: the steps of WF07's approval path for one financial drift ({@code reconciliationId}
 * is the multi-instance element). {@link #prepare} sets the arguments of the repair call that the approval request and
 * the FINANCIAL task then both use; the others record the outcome in the drift's reconciliation row. The approver
 * recorded is the one the approval store holds (the authenticated user who completed the task), never a variable.
 */
public final class ReconciliationRepairs {

    public static final String RECONCILIATION_ID = "reconciliationId";
    /**
     * The only repair call WF07 models: a refund (of what Stripe received beyond what AutoBiz captured, or of a refund
     * AutoBiz made that Stripe does not show).
     */
    static final ToolRef REFUND = ToolRef.parse("stripe.refund.create@1");

    private final Reconciliation reconciliation;
    private final Approvals approvals;

    public ReconciliationRepairs(Reconciliation reconciliation, Approvals approvals) {
        this.reconciliation = reconciliation;
        this.approvals = approvals;
    }

    public void prepare(DelegateExecution execution) {
        TenantId tenant = TaskInputs.runOf(execution).tenant();
        String id = reconciliationId(execution);
        FinancialRepair repair = reconciliation
                .repairOf(tenant, id)
                .orElseThrow(() -> new IllegalStateException("reconciliation " + id + " has no repair call"));
        if (!repair.tool().name().equals(REFUND.name())) {
            throw new IllegalStateException(
                    "reconciliation " + id + " is repaired by " + repair.tool() + "; daily-closeout models refunds");
        }
        execution.setVariable(
                "repairPaymentIntentId", repair.input().get("paymentIntentId").asText());
        execution.setVariable("repairAmount", repair.input().get("amount").asLong());
        execution.setVariable("repairCurrency", repair.currency());
        execution.setVariable("repairReason", repair.reason());
        // The order the money belongs to, for the approval form (facts of Task_RequestApproval). Each drift of the
        // sequential loop sets all four, so an unknown order never shows the previous drift's customer.
        execution.setVariable(ProcessVariables.ORDER_ID, repair.order().orderId());
        execution.setVariable(ProcessVariables.ORDER_NAME, repair.order().orderName());
        execution.setVariable(ProcessVariables.CUSTOMER_EMAIL, repair.order().customerEmail());
        execution.setVariable(
                ProcessVariables.ORDER_PROCESS_INSTANCE_ID, repair.order().runId());
        // The local truth names the reference when it tells its repairs apart (an over-capture's refund from a refund
        // issued again); it is part of the refund's intent, so one drift is refunded at most once.
        JsonNode refundReason = repair.input().get("reason");
        execution.setVariable(
                "repairRefundReason",
                refundReason != null && refundReason.isTextual() ? refundReason.asText() : "duplicate");
        JsonNode reference = repair.input().get("reference");
        execution.setVariable(
                "repairReference",
                reference != null && reference.isTextual() ? reference.asText() : "reconciliation-" + id);
    }

    public void repaired(DelegateExecution execution) {
        TenantId tenant = TaskInputs.runOf(execution).tenant();
        ApprovalRequest approval = approvalOf(execution, tenant);
        reconciliation.recordRepairedAfterApproval(
                tenant,
                reconciliationId(execution),
                approval.approverId(),
                "refunded " + execution.getVariable("repairAmount") + " in Stripe as "
                        + execution.getVariable("repairRefundId") + " (approval " + approval.id() + ")");
    }

    public void denied(DelegateExecution execution) {
        TenantId tenant = TaskInputs.runOf(execution).tenant();
        ApprovalRequest approval = approvalOf(execution, tenant);
        reconciliation.recordDenied(
                tenant,
                reconciliationId(execution),
                approval.approverId(),
                approval.comment() == null ? "no comment" : approval.comment());
    }

    /** The approved call was refused by the kernel (e.g. arguments changed after the approval); nothing was repaired. */
    public void refused(DelegateExecution execution) {
        reconciliation.recordRepairRefused(
                TaskInputs.runOf(execution).tenant(),
                reconciliationId(execution),
                "the refund's arguments differ from the approved ones");
    }

    /**
     * Task listener ({@code complete}) of WF07's investigation task: the person who completed it (the authenticated
     * user, in the store's approvers group, never a variable) settles every drift of this closeout that no call can
     * repair, with the form's outcome and note.
     */
    public void investigated(DelegateTask task) {
        TenantId tenant = TaskInputs.runOf(task.getExecution()).tenant();
        String group = (String) task.getVariable(ProcessVariables.APPROVERS_GROUP);
        Authentication user =
                task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (user == null
                || user.getUserId() == null
                || user.getGroupIds() == null
                || !user.getGroupIds().contains(group)
                || user.getTenantIds() == null
                || !user.getTenantIds().contains(tenant.value())) {
            throw new IllegalStateException(
                    "only a signed-in member of " + group + " can settle store " + tenant + "'s financial drift");
        }
        boolean resolved = "resolved".equals(task.getVariable("resolution"));
        Object note = task.getVariable("resolutionNote");
        for (String id : reconciliation.takenUpBy(tenant, task.getProcessInstanceId(), false)) {
            reconciliation.recordInvestigated(
                    tenant, id, user.getUserId(), resolved, note == null ? null : note.toString());
        }
    }

    public void timedOut(DelegateExecution execution) {
        reconciliation.recordApprovalTimedOut(TaskInputs.runOf(execution).tenant(), reconciliationId(execution));
    }

    private ApprovalRequest approvalOf(DelegateExecution execution, TenantId tenant) {
        String requestId = (String) execution.getVariable(ProcessVariables.APPROVAL_REQUEST_ID);
        return approvals
                .find(tenant, requestId)
                .orElseThrow(() -> new IllegalStateException("no approval request " + requestId));
    }

    private static String reconciliationId(DelegateExecution execution) {
        return (String) execution.getVariable(RECONCILIATION_ID);
    }
}
