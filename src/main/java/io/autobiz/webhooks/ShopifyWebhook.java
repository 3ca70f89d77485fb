package io.autobiz.webhooks;

import static io.autobiz.webhooks.Bodies.header;
import static io.autobiz.webhooks.Bodies.object;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.inbox.ProviderEvent;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.ShopifyIds;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256} is the base64 HMAC-SHA256 of the raw body with the app's secret. Shopify signs
 * the body only; its webhook ID, event ID, topic and shop-domain headers are not signed. So the signed body decides what
 * the delivery is: its SHA-256 is deduplicated for good (the same body with fresh IDs or another topic is a duplicate),
 * an {@code orders/*} topic needs an order body that agrees with it, and an order is paid once ({@code
 * orders/paid:order:<id>}), so no relabelled or later body of a paid order starts WF01 again. {@code
 * X-Shopify-Webhook-Id} and (topic, {@code X-Shopify-Event-Id}) are still deduplicated, as Shopify advises. The shop
 * domain (header, and the body's own when it has one) must be the store's {@code shopify-shop}. {@code orders/paid} is
 * a {@link ProviderEvent.OrderPaid}.
 */
final class ShopifyWebhook implements ProviderWebhook {

    static final String HEADER = "X-Shopify-Hmac-Sha256";
    private static final String ORDERS_PAID = "orders/paid";
    private static final Pattern SHOPIFY_TOPIC = Pattern.compile("[a-z0-9_]+(/[a-z0-9_]+)+");

    @Override
    public String provider() {
        return "shopify";
    }

    @Override
    public void authenticate(String secret, byte[] body, HttpServletRequest request, Instant now, Duration tolerance) {
        verify(secret, body, request.getHeader(HEADER));
    }

    @Override
    public List<ReceivedEvent> read(TenantId tenant, TenantSettings settings, byte[] body, HttpServletRequest request) {
        String payload = new String(body, StandardCharsets.UTF_8);
        JsonNode order = object(payload);
        String shop = header(request, "X-Shopify-Shop-Domain", 255);
        Bodies.sameStore("shopify", "Shopify shop", shop, settings.shopifyShop(), true);
        for (String field : List.of("myshopify_domain", "shop_domain")) {
            String signed = order.path(field).asText("");
            if (!signed.isBlank()) {
                Bodies.sameStore("shopify", "Shopify shop", signed, settings.shopifyShop(), true);
            }
        }
        String webhookId = header(request, "X-Shopify-Webhook-Id", ReceivedEvent.MAX_PROVIDER_EVENT_ID);
        String topic = header(request, "X-Shopify-Topic", ReceivedEvent.MAX_EVENT_TYPE);
        if (!SHOPIFY_TOPIC.matcher(topic).matches()) {
            throw WebhookRejected.malformed("the X-Shopify-Topic header is not a Shopify topic");
        }
        String eventId = request.getHeader("X-Shopify-Event-Id");
        EntityId entity = null;
        ProviderEvent typed = null;
        String dedup = eventId == null || eventId.isBlank() ? null : topic + ":" + eventId.trim();
        if (topic.startsWith("orders/")) {
            long orderId = orderAgreeingWith(topic, order);
            entity = Bodies.orderEntity(tenant, Long.toString(orderId));
            if (topic.equals(ORDERS_PAID)) {
                dedup = ORDERS_PAID + ":order:" + orderId;
                typed = new ProviderEvent.OrderPaid(ShopifyIds.orderGid(orderId), paymentIntent(order));
            }
        }
        return List.of(new ReceivedEvent(webhookId, dedup, topic, entity, typed, payload, Digests.sha256Hex(body)));
    }

    /** The order's ID, once the body is an order and says what the topic says happened to it. */
    private static long orderAgreeingWith(String topic, JsonNode body) {
        JsonNode id = body.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw WebhookRejected.topicMismatch("a " + topic + " delivery's body is not an order (no numeric 'id')");
        }
        long orderId = id.asLong();
        String gid = ShopifyIds.orderGid(orderId);
        if (!body.path("admin_graphql_api_id").asText("").equals(gid)) {
            throw WebhookRejected.topicMismatch("a " + topic + " delivery's body is not an order (its"
                    + " 'admin_graphql_api_id' is not " + gid + ")");
        }
        switch (topic) {
            case ORDERS_PAID -> agrees(topic, body, "financial_status", "paid");
            case "orders/fulfilled" -> agrees(topic, body, "fulfillment_status", "fulfilled");
            case "orders/cancelled" -> {
                if (body.path("cancelled_at").asText("").isBlank()) {
                    throw WebhookRejected.topicMismatch("a orders/cancelled delivery's order has no 'cancelled_at'");
                }
            }
            default -> {}
        }
        return orderId;
    }

    private static void agrees(String topic, JsonNode body, String field, String expected) {
        if (!expected.equals(body.path(field).asText(""))) {
            throw WebhookRejected.topicMismatch(
                    "a " + topic + " delivery's order has '" + field + "' other than '" + expected + "'");
        }
    }

    /**
     * The Stripe payment a paid order was paid with: the note attribute {@code stripe_payment_intent} (our reading: the
     * checkout integration records it there); blank when the order names none.
     */
    private static String paymentIntent(JsonNode order) {
        String paymentIntent = "";
        for (JsonNode attribute : order.path("note_attributes")) {
            if ("stripe_payment_intent".equals(attribute.path("name").asText())) {
                paymentIntent = attribute.path("value").asText("");
            }
        }
        return paymentIntent;
    }

    static void verify(String secret, byte[] body, String presented) {
        if (presented == null || presented.isBlank()) {
            throw WebhookRejected.missingSignature();
        }
        byte[] expected = Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(presented.trim());
        } catch (IllegalArgumentException e) {
            throw WebhookRejected.badSignature();
        }
        if (!Digests.constantTimeEquals(expected, given)) {
            throw WebhookRejected.badSignature();
        }
    }
}
