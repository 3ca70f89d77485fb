package io.autobiz.webhooks;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.net.Webhook;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.testing.stage.Unit;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The verifiers at their edges, with a fixed "now" instead of the wall clock. */
@Unit
class WebhookSignaturesTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";
    private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    private static String stripeHeader(String secret, long at) throws Exception {
        return Webhook.Signature.generateSignatureHeader(BODY, secret, at);
    }

    private static void rejected(Runnable verification, String reason) {
        assertThatThrownBy(verification::run)
                .isInstanceOf(WebhookRejected.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((WebhookRejected) e).reason)
                        .isEqualTo(reason));
    }

    @Test
    @DisplayName(
            "P1-H10 Stripe: exactly 300 s either way passes, 301 s either way is stale; any v1 may match (secret roll)")
    void stripeWindowAndRoll() throws Exception {
        long now = NOW.getEpochSecond();
        String secret = "whsec_test_unit";
        assertThatCode(() -> StripeWebhook.verify(secret, BYTES, stripeHeader(secret, now - 300), NOW, TOLERANCE))
                .doesNotThrowAnyException();
        assertThatCode(() -> StripeWebhook.verify(secret, BYTES, stripeHeader(secret, now + 300), NOW, TOLERANCE))
                .doesNotThrowAnyException();
        String old = stripeHeader(secret, now - 301);
        String future = stripeHeader(secret, now + 301);
        rejected(() -> StripeWebhook.verify(secret, BYTES, old, NOW, TOLERANCE), "stale_timestamp");
        rejected(() -> StripeWebhook.verify(secret, BYTES, future, NOW, TOLERANCE), "stale_timestamp");

        String rolled = stripeHeader("whsec_test_old", now) + ","
                + stripeHeader(secret, now).replaceAll("^t=\\d+,", "");
        assertThatCode(() -> StripeWebhook.verify(secret, BYTES, rolled, NOW, TOLERANCE))
                .doesNotThrowAnyException();
        rejected(() -> StripeWebhook.verify(secret, BYTES, "t=abc,v1=00", NOW, TOLERANCE), "bad_signature");
        rejected(() -> StripeWebhook.verify(secret, BYTES, "t=" + now, NOW, TOLERANCE), "bad_signature");
        rejected(() -> StripeWebhook.verify(secret, BYTES, null, NOW, TOLERANCE), "missing_signature");
    }

    @Test
    @DisplayName("P1-H10 Shopify and Printful: a changed body, a header that is not base64 or hex, are forged")
    void hmacSchemes() {
        String secret = "shpss_test_unit";
        String shopify =
                Base64.getEncoder().encodeToString(Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), BYTES));
        assertThatCode(() -> ShopifyWebhook.verify(secret, BYTES, shopify)).doesNotThrowAnyException();
        byte[] changed = (BODY + " ").getBytes(StandardCharsets.UTF_8);
        rejected(() -> ShopifyWebhook.verify(secret, changed, shopify), "bad_signature");
        rejected(() -> ShopifyWebhook.verify(secret, BYTES, "%%%not-base64"), "bad_signature");

        String printful = Digests.hmacSha256Hex(secret, BYTES);
        assertThatCode(() -> PrintfulWebhook.verify(secret, BYTES, printful.toUpperCase(Locale.ROOT)))
                .doesNotThrowAnyException();
        rejected(() -> PrintfulWebhook.verify(secret, changed, printful), "bad_signature");
        rejected(() -> PrintfulWebhook.verify(secret, BYTES, ""), "missing_signature");
    }

    @Test
    @DisplayName("P1-H10 SendGrid: a malformed signature or key is a forged delivery (401), never a server error")
    void sendgridMalformed() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        String key = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        String at = String.valueOf(NOW.getEpochSecond());
        rejected(() -> SendGridWebhook.verify(key, BYTES, "bm90IGEgc2lnbmF0dXJl", at, NOW, TOLERANCE), "bad_signature");
        rejected(() -> SendGridWebhook.verify(key, BYTES, "***", at, NOW, TOLERANCE), "bad_signature");
        rejected(() -> SendGridWebhook.verify("not-a-key", BYTES, "bm90", at, NOW, TOLERANCE), "bad_signature");
        rejected(() -> SendGridWebhook.verify(key, BYTES, "bm90", "yesterday", NOW, TOLERANCE), "bad_signature");
        rejected(() -> SendGridWebhook.verify(key, BYTES, null, at, NOW, TOLERANCE), "missing_signature");
    }

    @Test
    @DisplayName("P1-H10 Slack: Slack's own generator's signature passes; another version prefix or a stale timestamp"
            + " does not")
    void slackScheme() {
        String secret = "slack_test_unit";
        String at = String.valueOf(NOW.getEpochSecond());
        String signature = new com.slack.api.app_backend.SlackSignature.Generator(secret).generate(at, BODY);
        assertThatCode(() -> SlackWebhook.verify(secret, BYTES, signature, at, NOW, TOLERANCE))
                .doesNotThrowAnyException();
        rejected(
                () -> SlackWebhook.verify(secret, BYTES, signature.replace("v0=", "v1="), at, NOW, TOLERANCE),
                "bad_signature");
        String stale = String.valueOf(NOW.getEpochSecond() - 301);
        String staleSignature = new com.slack.api.app_backend.SlackSignature.Generator(secret).generate(stale, BODY);
        rejected(() -> SlackWebhook.verify(secret, BYTES, staleSignature, stale, NOW, TOLERANCE), "stale_timestamp");
    }

    @Test
    @DisplayName("P1-H10 attack: a signed timestamp beyond what a clock can hold, or not a number, is refused as such"
            + " (stale or bad signature) by Stripe, Slack and SendGrid, never a server error")
    void outOfRangeTimestamps() {
        String secret = "whsec_test_unit";
        for (String t :
                new String[] {"99999999999999999", "-99999999999999999", "9223372036854775807", "-9223372036854775808"
                }) {
            rejected(() -> StripeWebhook.verify(secret, BYTES, "t=" + t + ",v1=00", NOW, TOLERANCE), "stale_timestamp");
            rejected(() -> SlackWebhook.verify(secret, BYTES, "v0=00", t, NOW, TOLERANCE), "stale_timestamp");
            rejected(() -> SendGridWebhook.verify("a2V5", BYTES, "bm90", t, NOW, TOLERANCE), "stale_timestamp");
        }
        for (String t : new String[] {"99999999999999999999", "1e9", "", " ", "0x10"}) {
            rejected(() -> StripeWebhook.verify(secret, BYTES, "t=" + t + ",v1=00", NOW, TOLERANCE), "bad_signature");
        }
        rejected(() -> SlackWebhook.verify(secret, BYTES, "v0=00", "1e9", NOW, TOLERANCE), "bad_signature");
        rejected(() -> StripeWebhook.verify(secret, BYTES, ",,,=,=", NOW, TOLERANCE), "bad_signature");
    }
}
