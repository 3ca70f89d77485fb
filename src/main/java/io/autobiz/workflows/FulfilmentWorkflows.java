package io.autobiz.workflows;

import io.autobiz.approvals.ApprovalProperties;
import io.autobiz.delegates.ProcessVariables;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** WF06 {@code fulfillment-exception}: started by a Printful order that failed or was put on hold. */
@Component
public class FulfilmentWorkflows {

    /** How often WF06 re-reads or re-confirms the order, with growing pauses, before it escalates to a person. */
    static final int MAX_RETRIES = 3;

    private final RuntimeService runtime;
    private final Approvals approvals;
    private final ApprovalProperties approvalChannels;

    public FulfilmentWorkflows(RuntimeService runtime, Approvals approvals, ApprovalProperties approvalChannels) {
        this.runtime = runtime;
        this.approvals = approvals;
        this.approvalChannels = approvalChannels;
    }

    /**
     * A problem Printful reported.
     *
     * @param problemId what identifies the report (the stored event's ID): one report starts one WF06
     * @param problemType Printful's event type, {@code order_failed} or {@code order_put_hold}
     * @param reason Printful's reason, as given (may be empty)
     */
    public record FulfilmentProblem(
            TenantId tenant,
            String problemId,
            long printfulOrderId,
            String externalId,
            String problemType,
            String reason,
            String correlationId) {

        public FulfilmentProblem {
            Objects.requireNonNull(tenant, "tenant");
            if (printfulOrderId <= 0) {
                throw new IllegalArgumentException("a Printful order ID is a positive number, got " + printfulOrderId);
            }
            if (problemId == null || problemId.isBlank()) {
                throw new IllegalArgumentException("a problem ID is required");
            }
            externalId = externalId == null ? "" : externalId;
            problemType = problemType == null ? "" : problemType;
            reason = reason == null ? "" : reason;
        }
    }

    public ProcessInstance reportProblem(FulfilmentProblem problem) {
        return runtime.createMessageCorrelation(WorkflowMessage.FULFILMENT_PROBLEM.messageName())
                .withoutTenantId()
                .processInstanceBusinessKey(problem.problemId())
                .setVariable(ProcessVariables.TENANT_ID, problem.tenant().value())
                .setVariable(ProcessVariables.CORRELATION_ID, problem.correlationId())
                .setVariable(ProcessVariables.APPROVERS_GROUP, approvals.approversGroup(problem.tenant()))
                .setVariable("escalationChannel", escalationChannel(problem.tenant()))
                .setVariable("problemId", problem.problemId())
                .setVariable("printfulOrderId", problem.printfulOrderId())
                .setVariable("printfulExternalId", problem.externalId())
                .setVariable("problemType", problem.problemType())
                .setVariable("problemReason", problem.reason())
                .setVariable("retries", 0)
                .setVariable("maxRetries", MAX_RETRIES)
                .correlateWithResult()
                .getProcessInstance();
    }

    /** Escalations go where the store's approvals go; a store without a Slack channel is told in Tasklist only. */
    private String escalationChannel(TenantId tenant) {
        ApprovalProperties.SlackApprovals slack = approvalChannels.slack().get(tenant.value());
        return slack == null || slack.channel() == null ? "" : slack.channel();
    }
}
