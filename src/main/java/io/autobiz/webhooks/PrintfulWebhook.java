package io.autobiz.webhooks;

import static io.autobiz.webhooks.Bodies.object;
import static io.autobiz.webhooks.Bodies.required;

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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Printful v2: {@code x-pf-webhook-signature} is the hex HMAC-SHA256 of the raw body, keyed with the webhook
 * configuration's secret as given (Printful does not document whether the key is hex-decoded first; we key with the
 * text). A shipment is a {@link ProviderEvent.ShipmentSent}, a failed or held order a {@link ProviderEvent.OrderFailed}
 * or {@link ProviderEvent.OrderPutOnHold}.
 */
final class PrintfulWebhook implements ProviderWebhook {

    static final String HEADER = "x-pf-webhook-signature";
    private static final Set<String> SHIPMENTS = Set.of("shipment_sent", "package_shipped");
    private static final String ORDER_FAILED = "order_failed";
    private static final String ORDER_PUT_HOLD = "order_put_hold";

    @Override
    public String provider() {
        return "printful";
    }

    @Override
    public void authenticate(String secret, byte[] body, HttpServletRequest request, Instant now, Duration tolerance) {
        verify(secret, body, request.getHeader(HEADER));
    }

    /**
     * No event ID, so the type, the object and its time identify it. The order is the Shopify order named by {@code
     * external_id} ({@link ShopifyIds#printfulExternalId}), so a shipment is ordered after the payment of the same
     * order.
     */
    @Override
    public List<ReceivedEvent> read(TenantId tenant, TenantSettings settings, byte[] body, HttpServletRequest request) {
        String payload = new String(body, StandardCharsets.UTF_8);
        JsonNode event = object(payload);
        Bodies.sameStore("printful", "Printful store", required(event, "store_id"), settings.printfulStoreId(), false);
        String type = required(event, "type");
        JsonNode data = event.path("data");
        JsonNode order = data.path("order");
        JsonNode shipment = data.path("shipment");
        String printfulOrder = order.path("id").asText(shipment.path("order_id").asText(""));
        String external = order.path("external_id").asText("");
        EntityId entity = ShopifyIds.orderNumberOfExternalId(external)
                .map(number -> Bodies.orderEntity(tenant, number))
                .orElseGet(() -> Bodies.entity(tenant, "printful-order", printfulOrder));
        String providerId;
        ProviderEvent typed = null;
        if (SHIPMENTS.contains(type)) {
            providerId = type + ":" + shipment.path("id").asText(printfulOrder);
            typed = new ProviderEvent.ShipmentSent(
                    order.path("id").asLong(shipment.path("order_id").asLong()),
                    shipment.path("tracking_number").asText(""),
                    shipment.path("tracking_url").asText(""),
                    shipment.path("carrier").asText(""));
        } else {
            providerId =
                    type + ":" + printfulOrder + ":" + event.path("created").asText(Digests.sha256Hex(payload));
            String reason = data.path("reason").asText(order.path("error").asText(""));
            if (type.equals(ORDER_FAILED)) {
                typed = new ProviderEvent.OrderFailed(order.path("id").asLong(), external, reason);
            } else if (type.equals(ORDER_PUT_HOLD)) {
                typed = new ProviderEvent.OrderPutOnHold(order.path("id").asLong(), external, reason);
            }
        }
        return List.of(new ReceivedEvent(providerId, null, type, entity, typed, payload, Digests.sha256Hex(body)));
    }

    static void verify(String secret, byte[] body, String presented) {
        if (presented == null || presented.isBlank()) {
            throw WebhookRejected.missingSignature();
        }
        if (!Digests.constantTimeEquals(
                Digests.hmacSha256Hex(secret, body), presented.trim().toLowerCase(Locale.ROOT))) {
            throw WebhookRejected.badSignature();
        }
    }
}
