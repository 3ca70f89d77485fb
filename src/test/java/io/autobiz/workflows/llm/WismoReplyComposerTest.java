package io.autobiz.workflows.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.testing.stage.Unit;
import io.autobiz.workflows.llm.WismoReplyComposer.Facts;
import io.autobiz.workflows.llm.WismoReplyComposer.Reason;
import io.autobiz.workflows.llm.WismoReplyComposer.Refused;
import io.autobiz.workflows.llm.WismoReplyComposer.Rendered;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class WismoReplyComposerTest {

    private static final String URL = "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490";
    private static final Facts FACTS = new Facts("#1001", "USPS", "9400111899223197428490", URL);

    private final WismoReplyComposer composer = new WismoReplyComposer(new SchemaValidator());

    @Test
    @DisplayName("P1-T25 WF05 the model's choice is rendered in the store's wording with the looked-up facts only")
    void rendersTheChoice() {
        assertThat(composer.compose("{\"tone\": \"formal\", \"mention\": [\"trackingNumber\"]}", FACTS))
                .isEqualTo(new Rendered("Dear customer, thank you for your message. Your order #1001 has been shipped."
                        + " The tracking number is 9400111899223197428490.\n\nKind regards"));
        assertThat(composer.compose(
                        "```json\n{\"mention\": [\"carrier\", \"trackingUrl\"], \"tone\": \"friendly\"}\n```", FACTS))
                .isEqualTo(new Rendered("Hello! Your order #1001 is on its way with USPS. You can follow it at " + URL
                        + "\n\nBest wishes"));
    }

    @Test
    @DisplayName("P1-T25 attack: free text, an extra field, a value outside the choice or a fact the lookup does not"
            + " hold is refused with the reason")
    void refusesAnythingButTheChoice() {
        assertThat(composer.compose("Your order has shipped. Refund: $25.", FACTS))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.NOT_JSON));
        assertThat(composer.compose(
                        "{\"tone\": \"friendly\", \"mention\": [\"carrier\"], \"body\": \"call +1 555 0100\"}", FACTS))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.OUTSIDE_SCHEMA));
        assertThat(composer.compose("{\"tone\": \"friendly\", \"mention\": [\"www.evil.example\"]}", FACTS))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.OUTSIDE_SCHEMA));
        assertThat(composer.compose(
                        "{\"tone\": \"friendly\", \"mention\": [\"trackingUrl\"]}",
                        new Facts("#1001", "USPS", "9400111899223197428490", "")))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.FACT_MISSING));
    }

    @Test
    @DisplayName("P1-T25 attack: a provider-side attacker's markup or non-https link in Printful's facts is never"
            + " rendered")
    void refusesUnsafeFacts() {
        String choice = "{\"tone\": \"friendly\", \"mention\": [\"carrier\", \"trackingUrl\"]}";
        for (Facts facts : new Facts[] {
            new Facts("#1001", "USPS", "9400111899223197428490", "javascript:alert(1)"),
            new Facts("#1001", "USPS", "9400111899223197428490", "http://tools.usps.com/track"),
            new Facts("#1001", "USPS", "9400111899223197428490", "https://user@evil.example/track"),
            new Facts("#1001", "<a href=x>USPS</a>", "9400111899223197428490", URL),
            new Facts("#1001", "USPS\u200b", "9400111899223197428490", URL)
        }) {
            assertThat(composer.compose(choice, facts))
                    .as(facts.toString())
                    .isInstanceOfSatisfying(
                            Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.FACT_UNSAFE));
        }
    }
}
