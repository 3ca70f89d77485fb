package io.autobiz.workflows.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.workflows.llm.GroundingCheck.Facts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The check between a drafted WISMO reply and the customer: only the looked-up facts may be stated. */
class GroundingCheckTest {

    private static final Facts FACTS = new Facts(
            "#1001",
            "USPS",
            "9400111899223197428490",
            "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490");

    @Test
    @DisplayName("P1-T25 a draft stating exactly the facts (order, carrier, tracking number and link) is grounded")
    void factsOnly() {
        String draft = "Hello! Your order #1001 has shipped with USPS. The tracking number is 9400111899223197428490;"
                + " follow it at https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490.";

        assertThat(GroundingCheck.ungrounded(draft, FACTS)).isEmpty();
    }

    @Test
    @DisplayName("P1-T25 an invented tracking number, another carrier or a link not looked up is found")
    void inventedShippingFacts() {
        String draft = "Your order #1001 is with FedEx (tracking 7711234567890), see https://fedex.example/track.";

        assertThat(GroundingCheck.ungrounded(draft, FACTS))
                .containsExactlyInAnyOrder(
                        "link not in the facts: https://fedex.example/track",
                        "number not in the facts: 7711234567890",
                        "carrier not in the facts: FedEx");
    }

    @Test
    @DisplayName("P1-T25 the facts hold no dates, so any date or weekday is a promise nobody made")
    void datesAreNeverGrounded() {
        assertThat(GroundingCheck.ungrounded("It will arrive on Friday.", FACTS))
                .hasSize(1);
        assertThat(GroundingCheck.ungrounded("Expected 2026-11-27.", FACTS)).hasSize(1);
        assertThat(GroundingCheck.ungrounded("Expected by November 27th.", FACTS))
                .hasSize(1);
        assertThat(GroundingCheck.ungrounded("Expected by 27 Nov.", FACTS)).hasSize(1);
        assertThat(GroundingCheck.ungrounded("Expected by 11/27.", FACTS)).hasSize(1);
    }

    @Test
    @DisplayName("P1-T25 a tracking number from the customer's own message (an injection) is not grounded")
    void numberFromTheCustomerIsNotAFact() {
        assertThat(GroundingCheck.ungrounded("Your tracking number is 1Z999AA10123456784.", FACTS))
                .containsExactly("number not in the facts: 1Z999AA10123456784");
    }

    @Test
    @DisplayName("P1-T25 with no shipment facts, any tracking number or carrier is ungrounded; an empty draft too")
    void noFactsNoClaims() {
        Facts none = new Facts("#1001", "", "", "");

        assertThat(GroundingCheck.ungrounded("Order #1001 shipped with UPS.", none))
                .containsExactly("carrier not in the facts: UPS");
        assertThat(GroundingCheck.ungrounded("   ", none)).containsExactly("the draft is empty");
    }
}
