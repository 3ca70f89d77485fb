package io.autobiz.inbox;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a provider's event says happened, read once from the signed body by its provider's webhook and stored with the
 * event ({@code event_store.typed_event}), so that the workflow it drives never reads the provider's JSON again. Only
 * events that become a {@link WorkflowMessage} have one; the rest are stored and acknowledged as they came.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ProviderEvent.OrderPaid.class, name = "OrderPaid"),
    @JsonSubTypes.Type(value = ProviderEvent.PaymentFailed.class, name = "PaymentFailed"),
    @JsonSubTypes.Type(value = ProviderEvent.ShipmentSent.class, name = "ShipmentSent"),
    @JsonSubTypes.Type(value = ProviderEvent.OrderFailed.class, name = "OrderFailed"),
    @JsonSubTypes.Type(value = ProviderEvent.OrderPutOnHold.class, name = "OrderPutOnHold")
})
public sealed interface ProviderEvent {

    /** The BPMN message this event becomes. */
    WorkflowMessage message();

    /**
     * Shopify {@code orders/paid}: a paid order, and the Stripe payment it was paid with (the note attribute {@code
     * stripe_payment_intent}; blank when the order names none, which its workflow refuses).
     */
    record OrderPaid(String orderGid, String paymentIntentId) implements ProviderEvent {
        @Override
        public WorkflowMessage message() {
            return WorkflowMessage.ORDER_PAID;
        }
    }

    /**
     * Stripe {@code payment_intent.payment_failed}: the payment, the Shopify order it was for (its GID; blank when the
     * metadata names none, which its workflow refuses) and what went wrong.
     */
    record PaymentFailed(String paymentIntentId, String orderGid, String failureCode, String failureMessage)
            implements ProviderEvent {
        @Override
        public WorkflowMessage message() {
            return WorkflowMessage.PAYMENT_FAILED;
        }
    }

    /** Printful {@code shipment_sent} / {@code package_shipped}: a Printful order's parcel left, with its tracking. */
    record ShipmentSent(long printfulOrderId, String trackingNumber, String trackingUrl, String carrier)
            implements ProviderEvent {
        @Override
        public WorkflowMessage message() {
            return WorkflowMessage.SHIPMENT_SENT;
        }
    }

    /** Printful {@code order_failed}: the order, its external ID and the reason Printful gives (may be blank). */
    record OrderFailed(long printfulOrderId, String externalId, String reason) implements ProviderEvent {
        @Override
        public WorkflowMessage message() {
            return WorkflowMessage.FULFILMENT_PROBLEM;
        }
    }

    /** Printful {@code order_put_hold}: the order, its external ID and the reason Printful gives (may be blank). */
    record OrderPutOnHold(long printfulOrderId, String externalId, String reason) implements ProviderEvent {
        @Override
        public WorkflowMessage message() {
            return WorkflowMessage.FULFILMENT_PROBLEM;
        }
    }
}
