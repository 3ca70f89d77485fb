package io.autobiz.sandbox.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.testing.stage.Unit;
import io.autobiz.workflows.llm.WismoReplyComposer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The quick start's offline LLM answers AutoBiz's templates from the facts in the prompt, as WF05 and WF06 need. */
@Unit
class LlmSandboxControllerTest {

    @Test
    @DisplayName("P1-T25 quick start: the sandbox LLM reads the order number of a WISMO message, and nothing else")
    void intent() {
        assertThat(LlmSandboxController.answer("""
                        Read the customer's message and answer with JSON only: {...}.
                        Message: Hi! Where is my order #1003? Thanks.""")).isEqualTo("{\"intent\": \"wismo\", \"orderName\": \"#1003\"}");
        assertThat(LlmSandboxController.answer("""
                        Read the customer's message and answer with JSON only: {...}.
                        Message: Do you sell gift cards?""")).isEqualTo("{\"intent\": \"other\", \"orderName\": \"\"}");
    }

    @Test
    @DisplayName("P1-T25 quick start: the sandbox LLM's WISMO reply is a choice of the facts the prompt holds, and"
            + " AutoBiz renders it into a mail")
    void reply() {
        String answer = LlmSandboxController.answer("""
                Choose how AutoBiz answers a customer who asked where their order is. You do not write the reply.
                Order: #1003
                Status: fulfilled
                Carrier: USPS
                Tracking number: 9400000000000000079190
                Tracking link: https://tools.usps.com/go/TrackConfirmAction?tLabels=9400000000000000079190""");

        assertThat(answer)
                .isEqualTo("{\"tone\": \"friendly\", \"mention\": [\"carrier\", \"trackingNumber\","
                        + " \"trackingUrl\"]}");
        WismoReplyComposer composer = new WismoReplyComposer(new SchemaValidator());
        assertThat(composer.compose(
                        answer,
                        new WismoReplyComposer.Facts(
                                "#1003",
                                "USPS",
                                "9400000000000000079190",
                                "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400000000000000079190")))
                .isInstanceOf(WismoReplyComposer.Rendered.class);
    }
}
