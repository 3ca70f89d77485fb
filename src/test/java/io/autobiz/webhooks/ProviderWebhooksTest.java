package io.autobiz.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.inbox.ProviderEvent;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantSettings;
import io.autobiz.testing.stage.Unit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** What a verified body becomes, and which signed bodies are refused because they are for another store. */
@Unit
class ProviderWebhooksTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantSettings CONNECTED = settings("acct_1Acme", "T0ACME");
    private static final TenantSettings PLAIN = settings(null, null);

    private static TenantSettings settings(String stripeAccount, String slackTeam) {
        return new TenantSettings(
                "Acme",
                "acme.myshopify.com",
                "4242",
                Map.of(),
                "orders@example.com",
                Map.of(),
                Map.of(),
                stripeAccount,
                slackTeam);
    }

    private static List<ReceivedEvent> normalize(String provider, TenantSettings settings, String body) {
        return normalize(provider, settings, body, new MockHttpServletRequest());
    }

    private static List<ReceivedEvent> normalize(
            String provider, TenantSettings settings, String body, MockHttpServletRequest request) {
        return ProviderWebhooks.normalize(provider, ACME, settings, body.getBytes(StandardCharsets.UTF_8), request);
    }

    private static void refused(Runnable normalize, int status, String reason) {
        assertThatThrownBy(normalize::run).isInstanceOfSatisfying(WebhookRejected.class, rejected -> {
            assertThat(rejected.status).isEqualTo(status);
            assertThat(rejected.reason).isEqualTo(reason);
        });
    }

    private static String stripeEvent(String account) {
        return "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\""
                + (account == null ? "" : ",\"account\":\"" + account + "\"")
                + ",\"data\":{\"object\":{\"id\":\"pi_1\"}}}";
    }

    @Test
    @DisplayName(
            "P1-T36 P1-T-RK06 attack: a signed Stripe event of another connected account (or of none) is refused as"
                    + " for another store when the store names its account; a store that names none does not compare")
    void stripeAccountIsCompared() {
        assertThat(normalize("stripe", CONNECTED, stripeEvent("acct_1Acme")))
                .singleElement()
                .satisfies(event -> assertThat(event.signedBodySha256()).hasSize(64));
        refused(() -> normalize("stripe", CONNECTED, stripeEvent("acct_1Globex")), 403, "wrong_store");
        refused(() -> normalize("stripe", CONNECTED, stripeEvent(null)), 403, "wrong_store");
        assertThat(normalize("stripe", PLAIN, stripeEvent("acct_1Globex"))).hasSize(1);
        assertThatThrownBy(() -> normalize("stripe", CONNECTED, stripeEvent("acct_1Globex")))
                .isInstanceOfSatisfying(
                        WebhookRejected.class,
                        rejected -> assertThat(rejected.incident)
                                .contains("Stripe account 'acct_1Globex'", "'acct_1Acme'"));
    }

    private static String slackForm(String team) {
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"team\":{\"id\":\"" + team
                + "\"},\"actions\":[{\"action_id\":\"a\",\"value\":\"v\",\"action_ts\":\"1.2\"}]}";
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("P1-T36 P1-T-RK06 attack: a signed Slack interaction from another workspace is refused as for another"
            + " store when the store names its team; a form that is not URL-encoded is malformed, not a server error")
    void slackTeamIsCompared() {
        assertThat(normalize("slack", CONNECTED, slackForm("T0ACME"))).hasSize(1);
        refused(() -> normalize("slack", CONNECTED, slackForm("T0GLOBEX")), 403, "wrong_store");
        assertThat(normalize("slack", PLAIN, slackForm("T0GLOBEX"))).hasSize(1);
        refused(() -> normalize("slack", PLAIN, "payload=%E0%A4%A"), 400, "malformed");
    }

    @Test
    @DisplayName("P1-T36 P1-H10 headers and signed IDs that do not fit (a topic that is no Shopify topic, IDs or types"
            + " longer than the store keeps, a NUL in an ID) are malformed (400), never a failed insert")
    void shopifyHeadersMustFit() {
        String order = "{\"id\":5,\"admin_graphql_api_id\":\"gid://shopify/Order/5\",\"financial_status\":\"paid\"}";
        MockHttpServletRequest longTopic = shopify("orders/" + "x".repeat(120), "wh-1");
        refused(() -> normalize("shopify", PLAIN, order, longTopic), 400, "malformed");
        refused(() -> normalize("shopify", PLAIN, order, shopify("ORDERS PAID", "wh-1")), 400, "malformed");
        refused(() -> normalize("shopify", PLAIN, order, shopify("orders/paid", "w".repeat(201))), 400, "malformed");
        refused(
                () -> normalize("stripe", PLAIN, "{\"id\":\"evt_\\u0000\",\"type\":\"payment_intent.succeeded\"}"),
                400,
                "malformed");
        refused(
                () -> normalize("stripe", PLAIN, "{\"id\":\"evt_1\",\"type\":\"" + "t".repeat(101) + "\"}"),
                400,
                "malformed");
        assertThat(normalize("shopify", PLAIN, order, shopify("orders/paid", "wh-1")))
                .singleElement()
                .satisfies(event -> assertThat(event.dedupKey()).isEqualTo("orders/paid:order:5"));
    }

    @Test
    @DisplayName(
            "P1-TASK-24 a body is read once into its typed event: Shopify orders/paid is OrderPaid, Stripe's failed"
                    + " payment PaymentFailed, Printful's shipment ShipmentSent and its held order OrderPutOnHold; an event no"
                    + " workflow acts on has none")
    void bodiesBecomeTypedEvents() {
        String order = "{\"id\":5,\"admin_graphql_api_id\":\"gid://shopify/Order/5\",\"financial_status\":\"paid\","
                + "\"note_attributes\":[{\"name\":\"stripe_payment_intent\",\"value\":\"pi_5\"}]}";
        assertThat(normalize("shopify", PLAIN, order, shopify("orders/paid", "wh-5")))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.typedEvent())
                            .isEqualTo(new ProviderEvent.OrderPaid("gid://shopify/Order/5", "pi_5"));
                    assertThat(event.entityId().toString()).isEqualTo("acme:order:5");
                });
        assertThat(normalize(
                        "shopify", PLAIN, order.replace("\"paid\"", "\"pending\""), shopify("orders/updated", "wh-6")))
                .singleElement()
                .satisfies(event -> assertThat(event.typedEvent()).isNull());

        String failed =
                "{\"id\":\"evt_9\",\"type\":\"payment_intent.payment_failed\",\"data\":{\"object\":{\"id\":\"pi_9\","
                        + "\"metadata\":{\"order_id\":\"1009\"},\"last_payment_error\":{\"code\":\"card_declined\","
                        + "\"decline_code\":\"insufficient_funds\",\"message\":\"No funds.\"}}}}";
        assertThat(normalize("stripe", PLAIN, failed))
                .singleElement()
                .satisfies(event -> assertThat(event.typedEvent())
                        .isEqualTo(new ProviderEvent.PaymentFailed(
                                "pi_9", "gid://shopify/Order/1009", "insufficient_funds", "No funds.")));

        String shipment = "{\"type\":\"shipment_sent\",\"store_id\":\"4242\",\"data\":{\"order\":{\"id\":777001,"
                + "\"external_id\":\"shopify-1001\"},\"shipment\":{\"id\":31,\"tracking_number\":\"TRK\","
                + "\"tracking_url\":\"https://t.example/TRK\",\"carrier\":\"UPS\"}}}";
        assertThat(normalize("printful", PLAIN, shipment)).singleElement().satisfies(event -> {
            assertThat(event.typedEvent())
                    .isEqualTo(new ProviderEvent.ShipmentSent(777001, "TRK", "https://t.example/TRK", "UPS"));
            assertThat(event.entityId().toString()).isEqualTo("acme:order:1001");
        });
        String held =
                "{\"type\":\"order_put_hold\",\"store_id\":\"4242\",\"created\":1,\"data\":{\"reason\":\"address\","
                        + "\"order\":{\"id\":777002,\"external_id\":\"shopify-1002\"}}}";
        assertThat(normalize("printful", PLAIN, held))
                .singleElement()
                .satisfies(event -> assertThat(event.typedEvent())
                        .isEqualTo(new ProviderEvent.OrderPutOnHold(777002, "shopify-1002", "address")));
    }

    private static MockHttpServletRequest shopify(String topic, String webhookId) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Shopify-Shop-Domain", "ACME.myshopify.com");
        request.addHeader("X-Shopify-Topic", topic);
        request.addHeader("X-Shopify-Webhook-Id", webhookId);
        return request;
    }
}
