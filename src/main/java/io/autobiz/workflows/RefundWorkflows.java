package io.autobiz.workflows;

import io.autobiz.delegates.ProcessVariables;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** WF03 {@code refund}: started by a customer's refund request. */
@Component
public class RefundWorkflows {

    private final RuntimeService runtime;

    public RefundWorkflows(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /**
     * A refund a customer asked for.
     *
     * @param refundRequestId the request's own ID; the refund's idempotency intent, so one request refunds once
     * @param amount in the currency's minor unit
     * @param requestedBy who asks (the signed-in user, {@code demo}); recorded with the approval request, and unless
     *     the store allows self-approval they cannot approve the refund themselves
     */
    public record RefundRequest(
            TenantId tenant,
            String refundRequestId,
            String orderId,
            String paymentIntentId,
            long amount,
            String currency,
            String reason,
            String correlationId,
            String requestedBy) {

        public RefundRequest {
            Objects.requireNonNull(tenant, "tenant");
            if (amount <= 0) {
                throw new IllegalArgumentException("a refund moves a positive amount, got " + amount);
            }
        }
    }

    public ProcessInstance requestRefund(RefundRequest request) {
        MessageCorrelationResult result = runtime.createMessageCorrelation(
                        WorkflowMessage.REFUND_REQUESTED.messageName())
                .withoutTenantId()
                .processInstanceBusinessKey(request.refundRequestId())
                .setVariable(ProcessVariables.TENANT_ID, request.tenant().value())
                .setVariable(ProcessVariables.CORRELATION_ID, request.correlationId())
                .setVariable("refundRequestId", request.refundRequestId())
                .setVariable("orderId", request.orderId())
                .setVariable("paymentIntentId", request.paymentIntentId())
                .setVariable("amount", request.amount())
                .setVariable("currency", request.currency())
                .setVariable("refundReason", request.reason())
                .setVariable(ProcessVariables.REQUESTED_BY, request.requestedBy())
                .correlateWithResult();
        return result.getProcessInstance();
    }
}
