package io.autobiz.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.delegates.ProcessVariables;
import io.autobiz.inbox.EventProcessor;
import io.autobiz.inbox.EventProcessor.Delivery;
import io.autobiz.inbox.EventProcessor.PendingEvent;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * Hands stored provider events to the engine as BPMN messages: {@code OrderPaid} starts WF01 (and ends the wait of a
 * WF02 for the same order), {@code ShipmentSent} continues it, {@code PaymentFailed} starts WF02 and {@code
 * FulfilmentProblem} WF06. It checks for a subscriber
 * before it correlates, so a message nobody waits for is reported as NO_SUBSCRIBER with nothing changed (and the
 * transaction intact) instead of failing. Runs in the processor's transaction: the event's new state and the
 * workflow step commit together.
 */
@Component
public class WorkflowEventCorrelator implements EventProcessor.Correlator {

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final OrderWorkflows orders;
    private final PaymentFailureWorkflows paymentFailures;
    private final FulfilmentWorkflows fulfilments;

    public WorkflowEventCorrelator(
            RuntimeService runtime,
            RepositoryService repository,
            OrderWorkflows orders,
            PaymentFailureWorkflows paymentFailures,
            FulfilmentWorkflows fulfilments) {
        this.runtime = runtime;
        this.repository = repository;
        this.orders = orders;
        this.paymentFailures = paymentFailures;
        this.fulfilments = fulfilments;
    }

    @Override
    public Delivery deliver(PendingEvent event) {
        if (!canDeliver(event)) {
            return Delivery.NO_SUBSCRIBER;
        }
        JsonNode payload = Json.parse(event.payload());
        switch (event.messageName()) {
            case WorkflowMessages.ORDER_PAID -> {
                OrderWorkflows.PaidOrder paid = paidOrder(event, payload);
                orders.startFulfilment(paid);
                paymentFailures.orderPaid(paid.tenant(), paid.orderId());
            }
            case WorkflowMessages.PAYMENT_FAILED -> paymentFailures.paymentFailed(failedPayment(event, payload));
            case WorkflowMessages.SHIPMENT_SENT ->
                orders.shipmentSent(event.tenant(), printfulOrderId(payload), tracking(payload))
                        .orElseThrow(() -> new IllegalStateException("the shipment's workflow stopped waiting"));
            case WorkflowMessages.FULFILMENT_PROBLEM -> fulfilments.reportProblem(fulfilmentProblem(event, payload));
            default ->
                runtime.createMessageCorrelation(event.messageName())
                        .withoutTenantId()
                        .processInstanceBusinessKey(businessKey(event))
                        .setVariable(ProcessVariables.TENANT_ID, event.tenant().value())
                        .setVariable(ProcessVariables.CORRELATION_ID, event.correlationId())
                        .setVariable("eventId", event.eventId())
                        .setVariable("eventType", event.eventType())
                        .setVariable("entityId", event.entityId())
                        .setVariable("releasedAfterTimeout", event.timeoutReleased())
                        .correlateStartMessage();
        }
        return Delivery.DELIVERED;
    }

    @Override
    public boolean canDeliver(PendingEvent event) {
        String message = event.messageName();
        if (WorkflowMessages.SHIPMENT_SENT.equals(message)) {
            long printfulOrderId = printfulOrderId(Json.parse(event.payload()));
            return runtime.createExecutionQuery()
                            .messageEventSubscriptionName(message)
                            .tenantIdIn(event.tenant().value())
                            .processVariableValueEquals("printfulOrderId", printfulOrderId)
                            .count()
                    > 0;
        }
        // A suspended definition cannot start instances: an event for it waits as NO_SUBSCRIBER until it is active.
        boolean deployed = repository
                        .createProcessDefinitionQuery()
                        .messageEventSubscriptionName(message)
                        .active()
                        .count()
                > 0;
        if (!deployed) {
            return false;
        }
        if (WorkflowMessages.ORDER_PAID.equals(message)) {
            // One WF01 per order, even if the same order is paid twice (a release by an operator, a second topic).
            return !entityReached(event, message);
        }
        return true;
    }

    @Override
    public boolean entityReached(PendingEvent event, String message) {
        if (!WorkflowMessages.ORDER_PAID.equals(message) || event.entityId() == null) {
            return false;
        }
        String orderRef =
                "shopify-" + event.entityId().substring(event.entityId().lastIndexOf(':') + 1);
        return runtime.createProcessInstanceQuery()
                        .tenantIdIn(event.tenant().value())
                        .variableValueEquals("orderRef", orderRef)
                        .count()
                > 0;
    }

    /**
     * Shopify's paid order; the Stripe payment it was paid with is named by the note attribute {@code
     * stripe_payment_intent} (our reading: the checkout integration records it there).
     */
    private static OrderWorkflows.PaidOrder paidOrder(PendingEvent event, JsonNode order) {
        String gid = order.path("admin_graphql_api_id").asText("");
        if (gid.isBlank()) {
            gid = "gid://shopify/Order/" + order.path("id").asText();
        }
        String paymentIntent = "";
        for (JsonNode attribute : order.path("note_attributes")) {
            if ("stripe_payment_intent".equals(attribute.path("name").asText())) {
                paymentIntent = attribute.path("value").asText("");
            }
        }
        if (paymentIntent.isBlank()) {
            throw new IllegalArgumentException("the paid order names no stripe_payment_intent note attribute");
        }
        return new OrderWorkflows.PaidOrder(
                TenantId.of(event.tenant().value()), gid, paymentIntent, event.correlationId());
    }

    /**
     * Stripe's {@code payment_intent.payment_failed}: the payment intent, the order it was for (metadata {@code
     * order_id}, a Shopify order number or GID, or {@code shopify_order}) and what went wrong ({@code
     * last_payment_error}).
     */
    private static PaymentFailureWorkflows.FailedPayment failedPayment(PendingEvent event, JsonNode stripeEvent) {
        JsonNode intent = stripeEvent.path("data").path("object");
        JsonNode metadata = intent.path("metadata");
        String order =
                metadata.path("order_id").asText(metadata.path("shopify_order").asText(""));
        if (order.isBlank()) {
            throw new IllegalArgumentException("the failed payment names no order (metadata order_id)");
        }
        String gid = order.startsWith("gid://") ? order : "gid://shopify/Order/" + order;
        JsonNode error = intent.path("last_payment_error");
        return new PaymentFailureWorkflows.FailedPayment(
                TenantId.of(event.tenant().value()),
                intent.path("id").asText(""),
                gid,
                error.path("decline_code").asText(error.path("code").asText("")),
                error.path("message").asText(""),
                event.correlationId());
    }

    /** Printful's order_failed / order_put_hold: the order, and the reason Printful gives, if any. */
    private static FulfilmentWorkflows.FulfilmentProblem fulfilmentProblem(PendingEvent event, JsonNode payload) {
        JsonNode data = payload.path("data");
        JsonNode order = data.path("order");
        return new FulfilmentWorkflows.FulfilmentProblem(
                event.tenant(),
                event.eventId(),
                order.path("id").asLong(),
                order.path("external_id").asText(""),
                event.eventType(),
                data.path("reason").asText(order.path("error").asText("")),
                event.correlationId());
    }

    private static long printfulOrderId(JsonNode event) {
        JsonNode data = event.path("data");
        return data.path("order")
                .path("id")
                .asLong(data.path("shipment").path("order_id").asLong());
    }

    private static Map<String, Object> tracking(JsonNode event) {
        JsonNode shipment = event.path("data").path("shipment");
        Map<String, Object> tracking = new LinkedHashMap<>();
        tracking.put("trackingNumber", shipment.path("tracking_number").asText(""));
        tracking.put("trackingUrl", shipment.path("tracking_url").asText(""));
        tracking.put("carrier", shipment.path("carrier").asText(""));
        return tracking;
    }

    private static String businessKey(PendingEvent event) {
        return event.entityId() != null ? event.entityId() : event.source() + ":" + event.providerEventId();
    }
}
