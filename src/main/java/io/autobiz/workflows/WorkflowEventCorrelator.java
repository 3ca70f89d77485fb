package io.autobiz.workflows;

import io.autobiz.delegates.ProcessVariables;
import io.autobiz.inbox.EventProcessor;
import io.autobiz.inbox.EventProcessor.Delivery;
import io.autobiz.inbox.EventProcessor.PendingEvent;
import io.autobiz.inbox.ProviderEvent;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.tenant.ShopifyIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Component;

/**
 * Hands stored provider events to the engine as BPMN messages, from the typed event their webhook read at ingress (the
 * provider's body is not parsed again): {@code OrderPaid} starts WF01 (and ends the wait of a WF02 for the same
 * order), {@code ShipmentSent} continues it, {@code PaymentFailed} starts WF02 and {@code FulfilmentProblem} WF06. It
 * checks for a subscriber before it correlates, so a message nobody waits for is reported as NO_SUBSCRIBER with
 * nothing changed (and the transaction intact) instead of failing. Runs in the processor's transaction: the event's new
 * state and the workflow step commit together.
 */
@Component
public class WorkflowEventCorrelator implements EventProcessor.Correlator {

    /** WF01's wait for the shipment (order-fulfill.bpmn). */
    static final String SHIPMENT_WAIT = "Event_ShipmentSent";

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final HistoryService history;
    private final OrderWorkflows orders;
    private final PaymentFailureWorkflows paymentFailures;
    private final FulfilmentWorkflows fulfilments;

    public WorkflowEventCorrelator(
            RuntimeService runtime,
            RepositoryService repository,
            HistoryService history,
            OrderWorkflows orders,
            PaymentFailureWorkflows paymentFailures,
            FulfilmentWorkflows fulfilments) {
        this.runtime = runtime;
        this.repository = repository;
        this.history = history;
        this.orders = orders;
        this.paymentFailures = paymentFailures;
        this.fulfilments = fulfilments;
    }

    @Override
    public Delivery deliver(PendingEvent event) {
        if (!canDeliver(event)) {
            return Delivery.NO_SUBSCRIBER;
        }
        switch (event.message()) {
            case ORDER_PAID -> {
                OrderWorkflows.PaidOrder paid = paidOrder(event, typed(event, ProviderEvent.OrderPaid.class));
                orders.startFulfilment(paid);
                paymentFailures.orderPaid(paid.tenant(), paid.orderId());
            }
            case PAYMENT_FAILED ->
                paymentFailures.paymentFailed(failedPayment(event, typed(event, ProviderEvent.PaymentFailed.class)));
            case SHIPMENT_SENT -> {
                ProviderEvent.ShipmentSent shipment = typed(event, ProviderEvent.ShipmentSent.class);
                orders.shipmentSent(event.tenant(), shipment.printfulOrderId(), tracking(shipment))
                        .orElseThrow(() -> new IllegalStateException("the shipment's workflow stopped waiting"));
            }
            case FULFILMENT_PROBLEM -> fulfilments.reportProblem(fulfilmentProblem(event));
            default ->
                runtime.createMessageCorrelation(event.message().messageName())
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
        WorkflowMessage message = event.message();
        if (message == WorkflowMessage.SHIPMENT_SENT) {
            long printfulOrderId =
                    typed(event, ProviderEvent.ShipmentSent.class).printfulOrderId();
            return runtime.createExecutionQuery()
                            .messageEventSubscriptionName(message.messageName())
                            .tenantIdIn(event.tenant().value())
                            .processVariableValueEquals("printfulOrderId", printfulOrderId)
                            .count()
                    > 0;
        }
        // A suspended definition cannot start instances: an event for it waits as NO_SUBSCRIBER until it is active.
        boolean deployed = repository
                        .createProcessDefinitionQuery()
                        .messageEventSubscriptionName(message.messageName())
                        .active()
                        .count()
                > 0;
        if (!deployed) {
            return false;
        }
        if (message == WorkflowMessage.ORDER_PAID) {
            // One WF01 per order, even if the same order is paid twice (a release by an operator, a second topic).
            return !entityReached(event, message);
        }
        return true;
    }

    /**
     * A shipment is superseded when a WF01 run of its Printful order (running or ended) already went past its wait for
     * the shipment: reconciliation delivered it, or an earlier webhook did. A shipment no run got stays unprocessed.
     */
    @Override
    public Optional<String> superseded(PendingEvent event) {
        if (event.message() != WorkflowMessage.SHIPMENT_SENT
                || !(event.typedEvent() instanceof ProviderEvent.ShipmentSent shipment)) {
            return Optional.empty();
        }
        List<String> runs = history
                .createHistoricVariableInstanceQuery()
                .tenantIdIn(event.tenant().value())
                .variableName("printfulOrderId")
                .variableValueEquals("printfulOrderId", shipment.printfulOrderId())
                .list()
                .stream()
                .map(HistoricVariableInstance::getProcessInstanceId)
                .distinct()
                .toList();
        for (String run : runs) {
            boolean shipped = history.createHistoricActivityInstanceQuery()
                            .processInstanceId(run)
                            .activityId(SHIPMENT_WAIT)
                            .finished()
                            .count()
                    > 0;
            if (shipped) {
                return Optional.of("run " + run + " of Printful order " + shipment.printfulOrderId()
                        + " already got its shipment");
            }
        }
        return Optional.empty();
    }

    /** A shipment is still expected while a WF01 run of its Printful order is running (it has not got it yet). */
    @Override
    public boolean stillExpected(PendingEvent event) {
        if (event.message() != WorkflowMessage.SHIPMENT_SENT
                || !(event.typedEvent() instanceof ProviderEvent.ShipmentSent shipment)) {
            return false;
        }
        return runtime.createProcessInstanceQuery()
                        .tenantIdIn(event.tenant().value())
                        .variableValueEquals("printfulOrderId", shipment.printfulOrderId())
                        .active()
                        .count()
                > 0;
    }

    @Override
    public boolean entityReached(PendingEvent event, WorkflowMessage message) {
        if (message != WorkflowMessage.ORDER_PAID || event.entityId() == null) {
            return false;
        }
        return ShopifyIds.orderNumberOfEntity(event.entityId())
                .map(number -> runtime.createProcessInstanceQuery()
                                .tenantIdIn(event.tenant().value())
                                .variableValueEquals("orderRef", ShopifyIds.printfulExternalId(number))
                                .count()
                        > 0)
                .orElse(false);
    }

    /** The event as its webhook read it; an event stored before events were typed is refused, readably. */
    private static <T extends ProviderEvent> T typed(PendingEvent event, Class<T> type) {
        if (!type.isInstance(event.typedEvent())) {
            throw new IllegalStateException("event " + event.eventId() + " (" + event.message() + ") carries no "
                    + type.getSimpleName() + "; it was stored before events were typed: deliver it by hand");
        }
        return type.cast(event.typedEvent());
    }

    /** A paid order names the Stripe payment it was paid with, or it is not fulfilled. */
    private static OrderWorkflows.PaidOrder paidOrder(PendingEvent event, ProviderEvent.OrderPaid order) {
        if (order.paymentIntentId().isBlank()) {
            throw new IllegalArgumentException("the paid order names no stripe_payment_intent note attribute");
        }
        return new OrderWorkflows.PaidOrder(
                event.tenant(), order.orderGid(), order.paymentIntentId(), event.correlationId());
    }

    private static PaymentFailureWorkflows.FailedPayment failedPayment(
            PendingEvent event, ProviderEvent.PaymentFailed payment) {
        if (payment.orderGid().isBlank()) {
            throw new IllegalArgumentException("the failed payment names no order (metadata order_id)");
        }
        return new PaymentFailureWorkflows.FailedPayment(
                event.tenant(),
                payment.paymentIntentId(),
                payment.orderGid(),
                payment.failureCode(),
                payment.failureMessage(),
                event.correlationId());
    }

    /** Printful's order_failed / order_put_hold: the order, and the reason Printful gives, if any. */
    private static FulfilmentWorkflows.FulfilmentProblem fulfilmentProblem(PendingEvent event) {
        if (event.typedEvent() instanceof ProviderEvent.OrderFailed failed) {
            return fulfilmentProblem(event, failed.printfulOrderId(), failed.externalId(), failed.reason());
        }
        ProviderEvent.OrderPutOnHold held = typed(event, ProviderEvent.OrderPutOnHold.class);
        return fulfilmentProblem(event, held.printfulOrderId(), held.externalId(), held.reason());
    }

    private static FulfilmentWorkflows.FulfilmentProblem fulfilmentProblem(
            PendingEvent event, long printfulOrderId, String externalId, String reason) {
        return new FulfilmentWorkflows.FulfilmentProblem(
                event.tenant(),
                event.eventId(),
                printfulOrderId,
                externalId,
                event.eventType(),
                reason,
                event.correlationId());
    }

    private static Map<String, Object> tracking(ProviderEvent.ShipmentSent shipment) {
        Map<String, Object> tracking = new LinkedHashMap<>();
        tracking.put("trackingNumber", shipment.trackingNumber());
        tracking.put("trackingUrl", shipment.trackingUrl());
        tracking.put("carrier", shipment.carrier());
        return tracking;
    }

    private static String businessKey(PendingEvent event) {
        return event.entityId() != null ? event.entityId() : event.source() + ":" + event.providerEventId();
    }
}
