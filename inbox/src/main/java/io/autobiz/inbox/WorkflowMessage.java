package io.autobiz.inbox;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every BPMN message of AutoBiz's processes ({@code processes/*.bpmn}), by the name the diagrams give it. Ingress
 * stores it with an event, the {@link EventOrderingGate} orders by it and the application's correlator hands it to the
 * engine; a test checks that the diagrams name exactly these messages.
 */
public enum WorkflowMessage {
    /** Starts WF01 {@code order-fulfill}; ends WF02's wait for the same order. */
    ORDER_PAID("OrderPaid"),
    /** Continues WF01 at its shipment wait. */
    SHIPMENT_SENT("ShipmentSent"),
    /** Stops a running WF01 (its event sub-process). */
    ORDER_CANCELLED("OrderCancelled"),
    /** Starts WF02 {@code payment-failure}. */
    PAYMENT_FAILED("PaymentFailed"),
    /** Ends WF02's wait: the order was paid after all. */
    PAYMENT_RECOVERED("PaymentRecovered"),
    /** Starts WF03 {@code refund}. */
    REFUND_REQUESTED("RefundRequested"),
    /** Starts WF04 {@code order-cancel}. */
    CANCEL_REQUESTED("CancelRequested"),
    /** Starts WF05 {@code wismo}. */
    WISMO_REQUESTED("WismoRequested"),
    /** Starts WF06 {@code fulfillment-exception}. */
    FULFILMENT_PROBLEM("FulfilmentProblem");

    private final String messageName;

    WorkflowMessage(String messageName) {
        this.messageName = messageName;
    }

    /** The message's name in the diagrams (and in {@code event_store.message_name}). */
    public String messageName() {
        return messageName;
    }

    /** The message the diagrams call {@code name}, or empty when there is none. */
    public static Optional<WorkflowMessage> named(String name) {
        return Arrays.stream(values())
                .filter(message -> message.messageName.equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return messageName;
    }
}
