package io.autobiz.webhooks;

import static io.autobiz.webhooks.WebhookFuzzing.NOW;
import static io.autobiz.webhooks.WebhookFuzzing.PRINTFUL_SECRET;
import static io.autobiz.webhooks.WebhookFuzzing.SENDGRID_PUBLIC_KEY;
import static io.autobiz.webhooks.WebhookFuzzing.SHOPIFY_SECRET;
import static io.autobiz.webhooks.WebhookFuzzing.SIGNATURE_REFUSALS;
import static io.autobiz.webhooks.WebhookFuzzing.SLACK_SECRET;
import static io.autobiz.webhooks.WebhookFuzzing.STRIPE_SECRET;
import static io.autobiz.webhooks.WebhookFuzzing.TOLERANCE;
import static io.autobiz.webhooks.WebhookFuzzing.fresh;
import static io.autobiz.webhooks.WebhookFuzzing.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import io.autobiz.testing.stage.Unit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five signature verifiers under Jazzer. Each target either signs the fuzzed body as the provider would (at a
 * fuzzed distance from now, with fuzzed text after the signature) or hands the verifier a fuzzed header outright, and
 * checks: the verifier answers with its typed 401 refusal or returns, never another exception (a 500 at the door);
 * it returns only for a body signed with the store's secret inside the window; and a cleanly signed, fresh body
 * passes. Run on the seeds below and the kept inputs in {@code WebhookSignatureFuzzTestInputs/<target>/} by every
 * build; fuzzed for longer as docs/security-fuzzing.md says.
 */
@Unit
class WebhookSignatureFuzzTest {

    private static final String EVENT = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";
    private static final long AT = NOW.getEpochSecond();

    @DisplayName("P1-H10 fuzz: Stripe-Signature refuses anything but a fresh HMAC of t.body with a typed 401")
    @MethodSource("timestamped")
    @FuzzTest
    void stripe(boolean signed, long skew, @NotNull String header, byte @NotNull @WithLength(max = 2048) [] body) {
        String presented = signed ? WebhookFuzzing.stripeHeader(AT + skew, body) + header : header;
        check(() -> StripeWebhook.verify(STRIPE_SECRET, body, presented, NOW, TOLERANCE), signed, skew, header);
    }

    @DisplayName("P1-H10 fuzz: X-Shopify-Hmac-Sha256 refuses anything but the base64 HMAC of the body with a typed 401")
    @MethodSource("untimed")
    @FuzzTest
    void shopify(boolean signed, @NotNull String header, byte @NotNull @WithLength(max = 2048) [] body) {
        String presented = signed ? WebhookFuzzing.shopifyHeader(body) + header : header;
        check(() -> ShopifyWebhook.verify(SHOPIFY_SECRET, body, presented), signed, 0, header);
    }

    @DisplayName("P1-H10 fuzz: x-pf-webhook-signature refuses anything but the hex HMAC of the body with a typed 401")
    @MethodSource("untimed")
    @FuzzTest
    void printful(boolean signed, @NotNull String header, byte @NotNull @WithLength(max = 2048) [] body) {
        String presented = signed ? WebhookFuzzing.printfulHeader(body) + header : header;
        check(() -> PrintfulWebhook.verify(PRINTFUL_SECRET, body, presented), signed, 0, header);
    }

    @DisplayName("P1-H10 fuzz: SendGrid's ECDSA signature and timestamp refuse anything but a fresh signature with a"
            + " typed 401")
    @MethodSource("timestampHeader")
    @FuzzTest
    void sendgrid(
            boolean signed,
            long skew,
            @NotNull String signature,
            @NotNull String timestamp,
            byte @NotNull @WithLength(max = 2048) [] body) {
        String at = signed ? (AT + skew) + timestamp : timestamp;
        String presented = signed ? WebhookFuzzing.sendgridHeader(AT + skew, body) + signature : signature;
        check(
                () -> SendGridWebhook.verify(SENDGRID_PUBLIC_KEY, body, presented, at, NOW, TOLERANCE),
                signed,
                skew,
                signature + timestamp);
    }

    @DisplayName(
            "P1-H10 fuzz: X-Slack-Signature and its timestamp refuse anything but a fresh v0 HMAC with a typed 401")
    @MethodSource("timestampHeader")
    @FuzzTest
    void slack(
            boolean signed,
            long skew,
            @NotNull String signature,
            @NotNull String timestamp,
            byte @NotNull @WithLength(max = 2048) [] body) {
        String at = signed ? (AT + skew) + timestamp : timestamp;
        String presented = signed ? WebhookFuzzing.slackHeader(AT + skew, body) + signature : signature;
        check(
                () -> SlackWebhook.verify(SLACK_SECRET, body, presented, at, NOW, TOLERANCE),
                signed,
                skew,
                signature + timestamp);
    }

    /**
     * @param signed whether the test signed the body with the store's secret
     * @param skew how far from now it signed it
     * @param extra the fuzzed text appended to (or standing in for) the signature headers
     */
    private static void check(Runnable verification, boolean signed, long skew, String extra) {
        boolean passed;
        try {
            verification.run();
            passed = true;
        } catch (WebhookRejected refused) {
            assertThat(refused.status).isEqualTo(401);
            assertThat(refused.reason).isIn(SIGNATURE_REFUSALS);
            passed = false;
        }
        if (passed) {
            assertThat(signed && fresh(skew))
                    .as("the verifier passed a body not signed with the store's secret inside the window")
                    .isTrue();
        }
        if (signed && fresh(skew) && extra.isEmpty()) {
            assertThat(passed)
                    .as("a body signed with the store's secret inside the window was refused")
                    .isTrue();
        }
    }

    static Stream<Arguments> timestamped() {
        return Stream.of(
                arguments(true, 0L, "", utf8(EVENT)),
                arguments(true, -300L, "", utf8(EVENT)),
                arguments(true, 301L, "", utf8(EVENT)),
                arguments(true, 0L, ",v1=00", utf8(EVENT)),
                arguments(false, 0L, "t=" + AT + ",v1=" + "0".repeat(64), utf8(EVENT)),
                arguments(false, 0L, "t=abc,v1=00", new byte[0]),
                arguments(false, 0L, "", utf8(EVENT)));
    }

    static Stream<Arguments> untimed() {
        return Stream.of(
                arguments(true, "", utf8(EVENT)),
                arguments(true, " ", new byte[0]),
                arguments(false, "%%%not-base64", utf8(EVENT)),
                arguments(false, "AAAA", utf8(EVENT)),
                arguments(false, "", utf8(EVENT)));
    }

    static Stream<Arguments> timestampHeader() {
        return Stream.of(
                arguments(true, 0L, "", "", utf8(EVENT)),
                arguments(true, -301L, "", "", utf8(EVENT)),
                arguments(true, 0L, "", " ", utf8(EVENT)),
                arguments(false, 0L, "v0=00", String.valueOf(AT), utf8(EVENT)),
                arguments(false, 0L, "bm90", "yesterday", utf8(EVENT)),
                arguments(false, 0L, "", "", new byte[0]));
    }
}
