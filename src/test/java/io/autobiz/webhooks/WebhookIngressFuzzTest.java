package io.autobiz.webhooks;

import static io.autobiz.webhooks.WebhookFuzzing.NOW;
import static io.autobiz.webhooks.WebhookFuzzing.assertTypedAndClean;
import static io.autobiz.webhooks.WebhookFuzzing.assertUnverifiedRefused;
import static io.autobiz.webhooks.WebhookFuzzing.fresh;
import static io.autobiz.webhooks.WebhookFuzzing.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import io.autobiz.testing.stage.IntegrationInternal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /webhooks/{provider}/{tenant}} under Jazzer: the real {@link WebhookServlet}, its verifier, the
 * {@link ProviderWebhook} readers and the {@link io.autobiz.inbox.Events} (on H2) behind it. Each target
 * either signs the fuzzed body with the store's secret, so the parser behind the signature is fuzzed too, or sends
 * fuzzed signature headers; it checks that every answer is a typed 2xx or 4xx (an escaping exception would be a
 * 500), that a refusal leaves no row and no Slack hand-off, that only the webhook secret is read, and that a delivery
 * not signed with the store's secret inside the window is refused as unauthenticated: never parsed, stored or handed
 * on. Inputs kept in {@code WebhookIngressFuzzTestInputs/<target>/}; docs/security-fuzzing.md.
 */
@IntegrationInternal
class WebhookIngressFuzzTest {

    private static final long AT = NOW.getEpochSecond();
    /** Bodies up to just over the harness's 4096-byte limit, so the 413 refusal is reached too. */
    private static final int MAX = 5000;

    @DisplayName("P1-T36 fuzz: a Stripe delivery gets a typed answer and is stored only when signed and fresh")
    @MethodSource("stripeDeliveries")
    @FuzzTest
    void stripe(boolean signed, long skew, @NotNull String header, byte @NotNull @WithLength(max = MAX) [] body)
            throws Exception {
        String presented = signed ? WebhookFuzzing.stripeHeader(AT + skew, body) + header : header;
        WebhookFuzzing.Outcome outcome =
                WebhookFuzzing.shared().deliver("stripe", Map.of(StripeWebhook.HEADER, presented), body);
        check(outcome, "stripe", "stripe.webhook_secret", signed && fresh(skew), header.isEmpty());
    }

    @DisplayName("P1-T36 fuzz: a Shopify delivery gets a typed answer and is stored only when signed")
    @MethodSource("shopifyDeliveries")
    @FuzzTest
    void shopify(
            boolean signed,
            @NotNull String header,
            String webhookId,
            String topic,
            String eventId,
            byte @NotNull @WithLength(max = MAX) [] body)
            throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put(ShopifyWebhook.HEADER, signed ? WebhookFuzzing.shopifyHeader(body) + header : header);
        headers.put("X-Shopify-Webhook-Id", webhookId);
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Event-Id", eventId);
        headers.put("X-Shopify-Shop-Domain", WebhookFuzzing.SHOP_DOMAIN);
        WebhookFuzzing.Outcome outcome = WebhookFuzzing.shared().deliver("shopify", headers, body);
        check(outcome, "shopify", "shopify.webhook_secret", signed, header.isEmpty());
    }

    @DisplayName("P1-T36 fuzz: a Printful delivery gets a typed answer and is stored only when signed")
    @MethodSource("printfulDeliveries")
    @FuzzTest
    void printful(boolean signed, @NotNull String header, byte @NotNull @WithLength(max = MAX) [] body)
            throws Exception {
        String presented = signed ? WebhookFuzzing.printfulHeader(body) + header : header;
        WebhookFuzzing.Outcome outcome =
                WebhookFuzzing.shared().deliver("printful", Map.of(PrintfulWebhook.HEADER, presented), body);
        check(outcome, "printful", "printful.webhook_secret", signed, header.isEmpty());
    }

    @DisplayName("P1-T36 fuzz: a SendGrid batch gets a typed answer and is stored only when signed and fresh")
    @MethodSource("sendgridDeliveries")
    @FuzzTest
    void sendgrid(
            boolean signed,
            long skew,
            @NotNull String signature,
            @NotNull String timestamp,
            byte @NotNull @WithLength(max = MAX) [] body)
            throws Exception {
        Map<String, String> headers = Map.of(
                SendGridWebhook.HEADER,
                signed ? WebhookFuzzing.sendgridHeader(AT + skew, body) + signature : signature,
                SendGridWebhook.TIMESTAMP,
                signed ? (AT + skew) + timestamp : timestamp);
        check(
                WebhookFuzzing.shared().deliver("sendgrid", headers, body),
                "sendgrid",
                "sendgrid.webhook_public_key",
                signed && fresh(skew),
                signature.isEmpty() && timestamp.isEmpty());
    }

    @DisplayName("P1-T36 fuzz: a Slack interaction gets a typed answer and is handed on only when signed and fresh")
    @MethodSource("slackDeliveries")
    @FuzzTest
    void slack(
            boolean signed,
            long skew,
            @NotNull String signature,
            @NotNull String timestamp,
            byte @NotNull @WithLength(max = MAX) [] body)
            throws Exception {
        Map<String, String> headers = Map.of(
                SlackWebhook.HEADER,
                signed ? WebhookFuzzing.slackHeader(AT + skew, body) + signature : signature,
                SlackWebhook.TIMESTAMP,
                signed ? (AT + skew) + timestamp : timestamp);
        WebhookFuzzing.Outcome outcome = WebhookFuzzing.shared().deliver("slack", headers, body);
        check(
                outcome,
                "slack",
                "slack.signing_secret",
                signed && fresh(skew),
                signature.isEmpty() && timestamp.isEmpty());
        if (outcome.accepted()) {
            assertThat(outcome.handOffs()).isEqualTo(outcome.rowsStored());
        }
    }

    /**
     * @param verifiable whether the test signed the body with the store's secret inside the window (fuzzed text after
     *     the signature may still spoil it, so this is necessary for acceptance, not sufficient)
     * @param untouched whether no fuzzed text was added to the signature headers the test wrote
     */
    private static void check(
            WebhookFuzzing.Outcome outcome, String provider, String secret, boolean verifiable, boolean untouched) {
        assertTypedAndClean(outcome, provider, secret);
        if (!verifiable) {
            assertUnverifiedRefused(outcome);
        } else if (untouched) {
            assertThat(outcome.status())
                    .as("answer to a %s delivery signed with the store's secret inside the window", provider)
                    .isNotEqualTo(401);
        }
        if (outcome.accepted() && !provider.equals("slack")) {
            assertThat(outcome.body()).containsEntry("stored", outcome.rowsStored());
        }
    }

    static Stream<Arguments> stripeDeliveries() {
        byte[] failed = utf8("{\"id\":\"evt_fuzz_1\",\"type\":\"payment_intent.payment_failed\",\"data\":{\"object\":"
                + "{\"id\":\"pi_1\",\"metadata\":{\"order_id\":\"gid://shopify/Order/1001\"}}}}");
        byte[] succeeded = utf8(
                "{\"id\":\"evt_fuzz_2\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_2\"}}}");
        return Stream.of(
                arguments(true, 0L, "", failed),
                arguments(true, 0L, "", succeeded),
                arguments(true, 0L, "", utf8("[]")),
                arguments(true, 301L, "", succeeded),
                arguments(false, 0L, "t=" + AT + ",v1=" + "0".repeat(64), failed),
                arguments(false, 0L, "", new byte[0]));
    }

    static Stream<Arguments> shopifyDeliveries() {
        byte[] order =
                utf8("{\"id\":820982911946154508,\"admin_graphql_api_id\":\"gid://shopify/Order/820982911946154508\","
                        + "\"financial_status\":\"paid\",\"total_price\":\"10.00\"}");
        return Stream.of(
                arguments(true, "", "wh-fuzz-1", "orders/paid", "ev-fuzz-1", order),
                arguments(true, "", "wh-fuzz-2", "orders/create", null, order),
                arguments(true, "", null, "orders/paid", "ev-fuzz-3", order),
                arguments(true, "", "wh-fuzz-4", "products/update", "ev-fuzz-4", utf8("{\"id\":\"x\"}")),
                arguments(false, "AAAA", "wh-fuzz-5", "orders/paid", "ev-fuzz-5", order),
                arguments(false, "", null, null, null, new byte[0]));
    }

    static Stream<Arguments> printfulDeliveries() {
        byte[] shipped = utf8("{\"type\":\"shipment_sent\",\"created\":1795514400,\"data\":{\"shipment\":{\"id\":77,"
                + "\"order_id\":55},\"order\":{\"id\":55,\"external_id\":\"shopify-1001\"}}}");
        byte[] failed = utf8(
                "{\"type\":\"order_failed\",\"created\":1795514401,\"data\":{\"order\":{\"id\":56,\"external_id\":\"x\"}}}");
        return Stream.of(
                arguments(true, "", shipped),
                arguments(true, "", failed),
                arguments(true, "", utf8("{\"type\":\"order_updated\"}")),
                arguments(false, "00", shipped),
                arguments(false, "", new byte[0]));
    }

    static Stream<Arguments> sendgridDeliveries() {
        byte[] batch = utf8("[{\"sg_event_id\":\"sg-fuzz-1\",\"event\":\"delivered\",\"email\":\"a@example.com\"},"
                + "{\"sg_event_id\":\"sg-fuzz-2\",\"event\":\"open\"}]");
        return Stream.of(
                arguments(true, 0L, "", "", batch),
                arguments(true, 0L, "", "", utf8("[{\"sg_event_id\":\"sg-fuzz-3\",\"event\":\"bounce\"},{}]")),
                arguments(true, -301L, "", "", batch),
                arguments(false, 0L, "bm90", String.valueOf(AT), batch),
                arguments(false, 0L, "", "", new byte[0]));
    }

    static Stream<Arguments> slackDeliveries() {
        String interaction = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"trigger_id\":\"t-1\","
                + "\"actions\":[{\"action_id\":\"approve\",\"action_ts\":\"1795514400.1\"}]}";
        byte[] form = utf8("payload=" + URLEncoder.encode(interaction, StandardCharsets.UTF_8));
        return Stream.of(
                arguments(true, 0L, "", "", form),
                arguments(true, 0L, "", "", utf8("token=x&payload=%7B%7D")),
                arguments(true, 400L, "", "", form),
                arguments(false, 0L, "v0=00", String.valueOf(AT), form),
                arguments(false, 0L, "", "", new byte[0]));
    }
}
