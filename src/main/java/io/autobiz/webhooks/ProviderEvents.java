package io.autobiz.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.workflows.WorkflowMessages;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a verified body into {@link NormalizedEvent}s: which provider ID deduplicates it, which order it is about and
 * which workflow message it becomes. A body that is not what the provider sends is refused with 400 (nothing stored).
 */
final class ProviderEvents {

    private static final Set<String> PRINTFUL_PROBLEMS = Set.of("order_failed", "order_put_hold");
    private static final Set<String> PRINTFUL_SHIPMENTS = Set.of("shipment_sent", "package_shipped");

    private ProviderEvents() {}

    static List<NormalizedEvent> normalize(String provider, TenantId tenant, byte[] body, HttpServletRequest request) {
        String text = new String(body, StandardCharsets.UTF_8);
        return switch (provider) {
            case "stripe" -> List.of(stripe(tenant, object(text), text));
            case "shopify" -> List.of(shopify(tenant, object(text), text, request));
            case "printful" -> List.of(printful(tenant, object(text), text));
            case "sendgrid" -> sendgrid(text);
            case "slack" -> List.of(slack(text));
            default -> throw new WebhookRejected(404, "unknown_provider", "no webhook endpoint for " + provider);
        };
    }

    /** Stripe: the event ID; a failed payment starts WF02 for the order named in its metadata (or the payment). */
    private static NormalizedEvent stripe(TenantId tenant, JsonNode event, String payload) {
        String id = required(event, "id");
        String type = required(event, "type");
        JsonNode object = event.path("data").path("object");
        String order = object.path("metadata").path("order_id").asText("");
        EntityId entity = !order.isBlank()
                ? orderEntity(tenant, order)
                : entity(tenant, "payment", object.path("id").asText(""));
        String message = type.equals("payment_intent.payment_failed") ? WorkflowMessages.PAYMENT_FAILED : null;
        return new NormalizedEvent(id, null, type, entity, message, payload);
    }

    /**
     * Shopify: {@code X-Shopify-Webhook-Id} is unique per delivery; {@code X-Shopify-Event-Id} is shared by every
     * delivery of one merchant action, so (topic, event ID) is deduplicated too. A paid order starts WF01.
     */
    private static NormalizedEvent shopify(
            TenantId tenant, JsonNode order, String payload, HttpServletRequest request) {
        String webhookId = header(request, "X-Shopify-Webhook-Id");
        String topic = header(request, "X-Shopify-Topic");
        String eventId = request.getHeader("X-Shopify-Event-Id");
        String dedup = eventId == null || eventId.isBlank() ? null : topic + ":" + eventId.trim();
        String orderId = order.path("id").asText("");
        EntityId entity = topic.startsWith("orders/") && !orderId.isBlank() ? orderEntity(tenant, orderId) : null;
        String message = topic.equals("orders/paid") ? WorkflowMessages.ORDER_PAID : null;
        return new NormalizedEvent(webhookId, dedup, topic, entity, message, payload);
    }

    /**
     * Printful v2: no event ID, so the type, the object and its time identify it. The order is the Shopify order named
     * by {@code external_id} ({@code shopify-<id>}), so a shipment is ordered after the payment of the same order.
     */
    private static NormalizedEvent printful(TenantId tenant, JsonNode event, String payload) {
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
        return new NormalizedEvent(providerId, null, type, entity, message, payload);
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
                    required(event, "sg_event_id"), null, required(event, "event"), null, null, Json.write(event)));
        }
        return events;
    }

    /** Slack interactions: a form field {@code payload} holding JSON; the action's timestamp identifies it. */
    private static NormalizedEvent slack(String form) {
        String payload = null;
        for (String pair : form.split("&")) {
            if (pair.startsWith("payload=")) {
                payload = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
            }
        }
        if (payload == null) {
            throw malformed("a Slack interaction is a form with a payload field");
        }
        JsonNode interaction = object(payload);
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
                payload);
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

    private static String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            throw malformed("the delivery has no " + name + " header");
        }
        return value.trim();
    }

    private static WebhookRejected malformed(String message) {
        return new WebhookRejected(400, "malformed", message);
    }
}
