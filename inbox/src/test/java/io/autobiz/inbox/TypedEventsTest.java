package io.autobiz.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class TypedEventsTest {

    @Test
    @DisplayName("P1-TASK-24 every typed event comes back from event_store.typed_event as it was stored, naming its"
            + " workflow message")
    void typedEventsSurviveTheStore() {
        List<ProviderEvent> events = List.of(
                new ProviderEvent.OrderPaid("gid://shopify/Order/1001", "pi_1"),
                new ProviderEvent.PaymentFailed("pi_2", "gid://shopify/Order/1002", "card_declined", "Declined."),
                new ProviderEvent.ShipmentSent(777001, "TRK1", "https://track.example/1", "UPS"),
                new ProviderEvent.OrderFailed(777002, "shopify-1003", "print file rejected"),
                new ProviderEvent.OrderPutOnHold(777003, "shopify-1004", ""));
        for (ProviderEvent event : events) {
            assertThat(TypedEvents.read(TypedEvents.write(event))).isEqualTo(event);
        }
        assertThat(events)
                .extracting(ProviderEvent::message)
                .containsExactly(
                        WorkflowMessage.ORDER_PAID,
                        WorkflowMessage.PAYMENT_FAILED,
                        WorkflowMessage.SHIPMENT_SENT,
                        WorkflowMessage.FULFILMENT_PROBLEM,
                        WorkflowMessage.FULFILMENT_PROBLEM);
        assertThat(TypedEvents.write(events.get(4))).contains("\"event\":\"OrderPutOnHold\"");
    }

    @Test
    @DisplayName("P1-TASK-24 a stored typed event of no known kind is refused readably, never guessed")
    void unknownKindIsRefused() {
        assertThatThrownBy(() -> TypedEvents.read("{\"event\":\"OrderTeleported\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("typed event");
    }
}
