package io.autobiz.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.ShopifyIds;
import io.autobiz.kernel.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/** What every {@link ProviderWebhook} checks in a verified body the same way; each refusal is a 400 or a 403. */
final class Bodies {

    private Bodies() {}

    /** The delivery's own shop, account, store or team must be this store's; anything else is a security incident. */
    static void sameStore(String provider, String what, String presented, String configured, boolean ignoreCase) {
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

    /** The entity of a Shopify order named by its number or GID; null when it names no number. */
    static EntityId orderEntity(TenantId tenant, String order) {
        if (ShopifyIds.orderNumber(order).isBlank()) {
            return null;
        }
        try {
            return ShopifyIds.orderEntity(tenant, order);
        } catch (IllegalArgumentException e) {
            throw malformed("the event names an entity that is not a valid ID");
        }
    }

    /** The entity, or null when the event names none. */
    static EntityId entity(TenantId tenant, String kind, String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return EntityId.of(tenant, kind, id);
        } catch (IllegalArgumentException e) {
            throw malformed("the event names an entity that is not a valid ID");
        }
    }

    static JsonNode object(String text) {
        JsonNode node = parse(text);
        if (!node.isObject()) {
            throw malformed("the body is not a JSON object");
        }
        return node;
    }

    static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw malformed("the body is not JSON");
        }
    }

    static String required(JsonNode node, String field) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw malformed("the event has no '" + field + "'");
        }
        if (value.length() > 200) {
            throw malformed("the event's '" + field + "' is too long");
        }
        return value;
    }

    static String header(HttpServletRequest request, String name, int maxLength) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            throw malformed("the delivery has no " + name + " header");
        }
        if (value.trim().length() > maxLength) {
            throw malformed("the " + name + " header is longer than " + maxLength + " characters");
        }
        return value.trim();
    }

    static WebhookRejected malformed(String message) {
        return WebhookRejected.malformed(message);
    }
}
