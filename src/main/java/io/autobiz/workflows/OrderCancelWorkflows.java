package io.autobiz.workflows;

import io.autobiz.delegates.ProcessVariables;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.ShopifyIds;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** WF04 {@code order-cancel}: started by a customer's cancel request. */
@Component
public class OrderCancelWorkflows {

    private final RuntimeService runtime;
    private final HistoryService history;
    private final Approvals approvals;

    public OrderCancelWorkflows(RuntimeService runtime, HistoryService history, Approvals approvals) {
        this.runtime = runtime;
        this.history = history;
        this.approvals = approvals;
    }

    /**
     * A cancellation a customer asked for.
     *
     * @param cancelRequestId the request's own ID; the refund's idempotency intent, so one request refunds once
     * @param orderId the Shopify order's GID
     * @param printfulOrderId the order's Printful order when the caller knows it; null: the one WF01 created, if any
     * @param requestedBy who asks (the signed-in user, {@code demo}); recorded with the approval requests, and unless
     *     the store allows self-approval they cannot approve them themselves
     */
    public record CancelRequest(
            TenantId tenant,
            String cancelRequestId,
            String orderId,
            String paymentIntentId,
            Long printfulOrderId,
            String reason,
            String correlationId,
            String requestedBy) {

        public CancelRequest {
            Objects.requireNonNull(tenant, "tenant");
            if (cancelRequestId == null || cancelRequestId.isBlank()) {
                throw new IllegalArgumentException("a cancel request has its own ID");
            }
            if (!ShopifyIds.isOrderGid(orderId)) {
                throw new IllegalArgumentException("a cancel request names a Shopify order, got " + orderId);
            }
            if (paymentIntentId == null || paymentIntentId.isBlank()) {
                throw new IllegalArgumentException("a cancel request names the order's payment");
            }
            reason = reason == null || reason.isBlank() ? "no reason given" : reason;
        }
    }

    public ProcessInstance requestCancel(CancelRequest request) {
        MessageCorrelationResult result = runtime.createMessageCorrelation(
                        WorkflowMessage.CANCEL_REQUESTED.messageName())
                .withoutTenantId()
                .processInstanceBusinessKey(request.cancelRequestId())
                .setVariable(ProcessVariables.TENANT_ID, request.tenant().value())
                .setVariable(ProcessVariables.CORRELATION_ID, request.correlationId())
                .setVariable(ProcessVariables.APPROVERS_GROUP, approvals.approversGroup(request.tenant()))
                .setVariable("cancelRequestId", request.cancelRequestId())
                .setVariable("orderId", request.orderId())
                .setVariable("paymentIntentId", request.paymentIntentId())
                .setVariable("cancelReason", request.reason())
                .setVariable(ProcessVariables.REQUESTED_BY, request.requestedBy())
                // Null: the run takes the one WF01 placed when it reaches "Printful order?" (${findPrintfulOrder}).
                .setVariable("printfulOrderId", request.printfulOrderId())
                .setVariable("printfulCancellable", false)
                .correlateWithResult();
        return result.getProcessInstance();
    }

    /** The Printful order WF01 created for this order of the store, if it got that far. */
    Optional<Long> printfulOrderOf(TenantId tenant, String orderId) {
        for (HistoricProcessInstance fulfilment : history.createHistoricProcessInstanceQuery()
                .processDefinitionKey("order-fulfill")
                .tenantIdIn(tenant.value())
                .variableValueEquals("orderId", orderId)
                .orderByProcessInstanceStartTime()
                .desc()
                .list()) {
            HistoricVariableInstance printful = history
                    .createHistoricVariableInstanceQuery()
                    .processInstanceId(fulfilment.getId())
                    .variableName("printfulOrderId")
                    .list()
                    .stream()
                    .findFirst()
                    .orElse(null);
            if (printful != null && printful.getValue() instanceof Number id) {
                return Optional.of(id.longValue());
            }
        }
        return Optional.empty();
    }
}
