package io.autobiz.workflows;

import io.autobiz.delegates.ProcessVariables;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.tenant.ShopifyIds;
import io.autobiz.kernel.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** WF01 {@code order-fulfill}: started by a paid order, continued by its shipment. */
@Component
public class OrderWorkflows {

    private final RuntimeService runtime;

    public OrderWorkflows(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** A paid order to fulfil. */
    public record PaidOrder(TenantId tenant, String orderId, String paymentIntentId, String correlationId) {

        /** Printful's external ID: the numeric part of the Shopify GID, which is unique per shop. */
        String orderRef() {
            return ShopifyIds.printfulExternalId(orderId);
        }
    }

    public ProcessInstance startFulfilment(PaidOrder order) {
        MessageCorrelationResult result = runtime.createMessageCorrelation(WorkflowMessage.ORDER_PAID.messageName())
                .withoutTenantId()
                .processInstanceBusinessKey(order.orderId())
                .setVariable(ProcessVariables.TENANT_ID, order.tenant().value())
                .setVariable(ProcessVariables.CORRELATION_ID, order.correlationId())
                .setVariable("orderId", order.orderId())
                .setVariable("orderRef", order.orderRef())
                .setVariable("paymentIntentId", order.paymentIntentId())
                .correlateWithResult();
        return result.getProcessInstance();
    }

    /**
     * Continues the store's instance that waits for this Printful order's shipment; empty when none waits (the
     * shipment arrived early, twice, or for an order AutoBiz did not create).
     */
    /**
     * Stops every running WF01 of this store's order (its event sub-process "Stopped: the order was cancelled"), and
     * says which runs were stopped; none is not an error (the run had ended, or never started).
     */
    public List<String> stopFulfilment(TenantId tenant, String orderId) {
        return runtime
                .createMessageCorrelation(WorkflowMessage.ORDER_CANCELLED.messageName())
                .tenantId(tenant.value())
                .processInstanceVariableEquals("orderId", orderId)
                .correlateAllWithResult()
                .stream()
                .map(result -> result.getExecution().getProcessInstanceId())
                .toList();
    }

    public Optional<String> shipmentSent(TenantId tenant, long printfulOrderId, Map<String, Object> shipment) {
        try {
            MessageCorrelationResult result = runtime.createMessageCorrelation(
                            WorkflowMessage.SHIPMENT_SENT.messageName())
                    .tenantId(tenant.value())
                    .processInstanceVariableEquals("printfulOrderId", printfulOrderId)
                    .setVariables(shipment)
                    .correlateWithResult();
            return Optional.of(result.getExecution().getProcessInstanceId());
        } catch (MismatchingMessageCorrelationException noneWaiting) {
            return Optional.empty();
        }
    }
}
