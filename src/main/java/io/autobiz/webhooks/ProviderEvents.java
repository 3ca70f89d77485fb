package io.autobiz.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantSettings;
import io.autobiz.workflows.WorkflowMessages;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a verified body into {@link NormalizedEvent}s: which provider ID deduplicates it, which order it is about and
 * which workflow message it becomes. Only what the provider signed decides: the body's own shop, account, Printful
 * store or Slack team must be this store's (else 403, a security incident), and Shopify's unsigned topic header must
 * agree with the body (else 400). A body or header that is not what the provider sends is refused with 400. Nothing is
 * stored for any refusal.
 */
final class ProviderEvents {

    private static final Set<String> PRINTFUL_PROBLEMS = Set.of("order_failed", "order_put_hold");
    private static final Set<String> PRINTFUL_SHIPMENTS = Set.of("shipment_sent", "package_shipped");
    private static final String ORDERS_PAID = "orders/paid";
    private static final Pattern SHOPIFY_TOPIC = Pattern.compile("[a-z0-9_]+(/[a-z0-9_]+)+");
    // The widths of event_store's columns: anything longer is refused as malformed, never a failed insert.
    private static final int MAX_PROVIDER_EVENT_ID = 200;
    private static final int MAX_EVENT_TYPE = 100;
    private static final int MAX_DEDUP_KEY = 300;

    private ProviderEvents() {}

    static List<NormalizedEvent> normalize(
            String provider, TenantId tenant, TenantSettings settings, byte[] body, HttpServletRequest request) {
        String text = new String(body, StandardCharsets.UTF_8);
        String bodySha = Digests.sha256Hex(body);
        List<NormalizedEvent> events = switch (provider) {
            case "stripe" -> List.of(stripe(tenant, settings, object(text), text, bodySha));
            case "shopify" -> List.of(shopify(tenant, settings, object(text), text, bodySha, request));
            case "printful" -> List.of(printful(tenant, settings, object(text), text, bodySha));
            case "sendgrid" -> sendgrid(text);
            case "slack" -> List.of(slack(settings, text, bodySha));
            default -> throw new WebhookRejected(404, "unknown_provider", "no webhook endpoint for " + provider);
        };
        for (NormalizedEvent event : events) {
            fits(event.providerEventId(), MAX_PROVIDER_EVENT_ID, "ID");
            fits(event.eventType(), MAX_EVENT_TYPE, "type");
            if (event.dedupKey() != null) {
                fits(event.dedupKey(), MAX_DEDUP_KEY, "identity");
            }
        }
        return events;
    }

    /**
     * Stripe: the event ID; a failed payment starts WF02 for the order named in its metadata (or the payment). An
     * event of a connected account names it in {@code account}: compared with the store's {@code stripe-account} when
     * the store has one.
     */
    private static NormalizedEvent stripe(
            TenantId tenant, TenantSettings settings, JsonNode event, String payload, String bodySha) {
        if (settings.stripeAccount() != null && !settings.stripeAccount().isBlank()) {
            sameStore("stripe", "Stripe account", event.path("account").asText(""), settings.stripeAccount(), false);
        }
        String id = required(event, "id");
        String type = required(event, "type");
        JsonNode object = event.path("data").path("object");
        String order = object.path("metadata").path("order_id").asText("");
        EntityId entity = !order.isBlank()
                ? orderEntity(tenant, order)
                : entity(tenant, "payment", object.path("id").asText(""));
        String message = type.equals("payment_intent.payment_failed") ? WorkflowMessages.PAYMENT_FAILED : null;
        return new NormalizedEvent(id, null, type, entity, message, payload, bodySha);
    }

    /**
     * Shopify signs the body only; its webhook ID, event ID, topic and shop-domain headers are not signed. So the
     * signed body decides what the delivery is: its SHA-256 is deduplicated for good (the same body with fresh IDs or
     * another topic is a duplicate), an {@code orders/*} topic needs an order body that agrees with it, and an order is
     * paid once ({@code orders/paid:order:<id>}), so no relabelled or later body of a paid order starts WF01 again.
     * {@code X-Shopify-Webhook-Id} and (topic, {@code X-Shopify-Event-Id}) are still deduplicated, as Shopify
     * advises. The shop domain (header, and the body's own when it has one) must be the store's {@code shopify-shop}.
     */
    private static NormalizedEvent shopify(
            TenantId tenant,
            TenantSettings settings,
            JsonNode body,
            String payload,
            String bodySha,
            HttpServletRequest request) {
        String shop = header(request, "X-Shopify-Shop-Domain", 255);
        sameStore("shopify", "Shopify shop", shop, settings.shopifyShop(), true);
        for (String field : List.of("myshopify_domain", "shop_domain")) {
            String signed = body.path(field).asText("");
            if (!signed.isBlank()) {
                sameStore("shopify", "Shopify shop", signed, settings.shopifyShop(), true);
            }
        }
        String webhookId = header(request, "X-Shopify-Webhook-Id", MAX_PROVIDER_EVENT_ID);
        String topic = header(request, "X-Shopify-Topic", MAX_EVENT_TYPE);
        if (!SHOPIFY_TOPIC.matcher(topic).matches()) {
            throw WebhookRejected.malformed("the X-Shopify-Topic header is not a Shopify topic");
        }
        String eventId = request.getHeader("X-Shopify-Event-Id");
        EntityId entity = null;
        String dedup = eventId == null || eventId.isBlank() ? null : topic + ":" + eventId.trim();
        if (topic.startsWith("orders/")) {
            String orderId = orderAgreeingWith(topic, body);
            entity = orderEntity(tenant, orderId);
            if (topic.equals(ORDERS_PAID)) {
                dedup = ORDERS_PAID + ":order:" + orderId;
            }
        }
        String message = topic.equals(ORDERS_PAID) ? WorkflowMessages.ORDER_PAID : null;
        return new NormalizedEvent(webhookId, dedup, topic, entity, message, payload, bodySha);
    }

    /** The order's ID, once the body is an order and says what the topic says happened to it. */
    private static String orderAgreeingWith(String topic, JsonNode body) {
        JsonNode id = body.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw WebhookRejected.topicMismatch("a " + topic + " delivery's body is not an order (no numeric 'id')");
        }
        String orderId = Long.toString(id.asLong());
        if (!body.path("admin_graphql_api_id").asText("").equals("gid://shopify/Order/" + orderId)) {
            throw WebhookRejected.topicMismatch("a " + topic + " delivery's body is not an order (its"
                    + " 'admin_graphql_api_id' is not gid://shopify/Order/" + orderId + ")");
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
     * Printful v2: no event ID, so the type, the object and its time identify it. The order is the Shopify order named
     * by {@code external_id} ({@code shopify-<id>}), so a shipment is ordered after the payment of the same order.
     */
    private static NormalizedEvent printful(
            TenantId tenant, TenantSettings settings, JsonNode event, String payload, String bodySha) {
        sameStore("printful", "Printful store", required(event, "store_id"), settings.printfulStoreId(), false);
        String type = required(event, "type");
        JsonNode data = event.path("data");
        JsonNode order = data.path("order");
        JsonNode shipment = data.path("shipment");
        String printfulOrder = order.path("id").asText(shipment.path("order_id").asText(""));
        String external = order.path("external_id").asText("");
        EntityId entity = external.startsWith("shopify-")
                ? orderEntity(tenant, external.substring("shopify-".length()))
                : entity(tenant, "printful-order", printfulOrder);
        String providerId;
        String message = null;
        if (PRINTFUL_SHIPMENTS.contains(type)) {
            providerId = type + ":" + shipment.path("id").asText(printfulOrder);
            message = WorkflowMessages.SHIPMENT_SENT;
        } else {
            providerId =
                    type + ":" + printfulOrder + ":" + event.path("created").asText(Digests.sha256Hex(payload));
            if (PRINTFUL_PROBLEMS.contains(type)) {
                message = WorkflowMessages.FULFILMENT_PROBLEM;
            }
        }
        return new NormalizedEvent(providerId, null, type, entity, message, payload, bodySha);
    }

    /** SendGrid posts a batch; each event carries its own {@code sg_event_id} and is stored on its own. */
    private static List<NormalizedEvent> sendgrid(String text) {
        JsonNode batch = parse(text);
        if (!batch.isArray() || batch.isEmpty()) {
            throw malformed("a SendGrid delivery is a non-empty JSON array of events");
        }
        List<NormalizedEvent> events = new ArrayList<>();
        for (JsonNode event : batch) {
            events.add(new NormalizedEvent(
                    required(event, "sg_event_id"),
                    null,
                    required(event, "event"),
                    null,
                    null,
                    Json.write(event),
                    null));
        }
        return events;
    }

    /**
     * Slack interactions: a form field {@code payload} holding JSON; the action's timestamp identifies it. Its
     * workspace ({@code team.id}) is compared with the store's {@code slack-team-id} when the store has one.
     */
    private static NormalizedEvent slack(TenantSettings settings, String form, String bodySha) {
        String payload = null;
        for (String pair : form.split("&")) {
            if (pair.startsWith("payload=")) {
                try {
                    payload = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw malformed("a Slack interaction's payload field is not URL-encoded");
                }
            }
        }
        if (payload == null) {
            throw malformed("a Slack interaction is a form with a payload field");
        }
        JsonNode interaction = object(payload);
        if (settings.slackTeamId() != null && !settings.slackTeamId().isBlank()) {
            sameStore(
                    "slack",
                    "Slack team",
                    interaction.path("team").path("id").asText(""),
                    settings.slackTeamId(),
                    false);
        }
        String type = required(interaction, "type");
        JsonNode action = interaction.path("actions").path(0);
        String id =
                action.path("action_ts").asText(interaction.path("trigger_id").asText(""));
        if (id.isBlank()) {
            id = Digests.sha256Hex(payload);
        }
        return new NormalizedEvent(
                type + ":" + interaction.path("user").path("id").asText("") + ":" + id,
                null,
                type,
                null,
                null,
                payload,
                bodySha);
    }

    /** The delivery's own shop, account, store or team must be this store's; anything else is a security incident. */
    private static void sameStore(
            String provider, String what, String presented, String configured, boolean ignoreCase) {
        boolean same = configured != null
                && !configured.isBlank()
                && (ignoreCase
                        ? configured
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(presented.trim().toLowerCase(Locale.ROOT))
                        : configured.trim().equals(presented.trim()));
        if (!same) {
            throw WebhookRejected.wrongStore(
                    provider, what, presented.isBlank() ? "(none)" : presented.trim(), configured);
        }
    }

    /** An ID that fits its column and holds no control character (PostgreSQL refuses NUL in text). */
    private static void fits(String value, int max, String what) {
        if (value.length() > max) {
            throw malformed("the event's " + what + " is longer than " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw malformed("the event's " + what + " holds a control character");
        }
    }

    private static EntityId orderEntity(TenantId tenant, String orderId) {
        String local = orderId.substring(orderId.lastIndexOf('/') + 1);
        return entity(tenant, "order", local);
    }

    private static EntityId entity(TenantId tenant, String kind, String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return EntityId.of(tenant, kind, id);
        } catch (IllegalArgumentException e) {
            throw malformed("the event names an entity that is not a valid ID");
        }
    }

    private static JsonNode object(String text) {
        JsonNode node = parse(text);
        if (!node.isObject()) {
            throw malformed("the body is not a JSON object");
        }
        return node;
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw malformed("the body is not JSON");
        }
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw malformed("the event has no '" + field + "'");
        }
        if (value.length() > 200) {
            throw malformed("the event's '" + field + "' is too long");
        }
        return value;
    }

    private static String header(HttpServletRequest request, String name, int maxLength) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            throw malformed("the delivery has no " + name + " header");
        }
        if (value.trim().length() > maxLength) {
            throw malformed("the " + name + " header is longer than " + maxLength + " characters");
        }
        return value.trim();
    }

    private static WebhookRejected malformed(String message) {
        return WebhookRejected.malformed(message);
    }
}
