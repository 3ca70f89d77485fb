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
import java.util.ArrayList;
import java.util.List;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">[,v1=...]}. Any v1 may match (several
 * during a secret roll). Unlike stripe-java, a timestamp too far in the future is refused as well as an old one. Each
 * delivery is one event, deduplicated on its ID; {@code payment_intent.payment_failed} is a {@link
 * ProviderEvent.PaymentFailed}.
 */
final class StripeWebhook implements ProviderWebhook {

    static final String HEADER = "Stripe-Signature";
    private static final String PAYMENT_FAILED = "payment_intent.payment_failed";

    @Override
    public String provider() {
        return "stripe";
    }

    @Override
    public void authenticate(String secret, byte[] body, HttpServletRequest request, Instant now, Duration tolerance) {
        verify(secret, body, request.getHeader(HEADER), now, tolerance);
    }

    /**
     * The event ID; a failed payment is about the order named in its metadata (or the payment). An event of a
     * connected account names it in {@code account}: compared with the store's {@code stripe-account} when the store
     * has one.
     */
    @Override
    public List<ReceivedEvent> read(TenantId tenant, TenantSettings settings, byte[] body, HttpServletRequest request) {
        String payload = new String(body, StandardCharsets.UTF_8);
        JsonNode event = object(payload);
        if (settings.stripeAccount() != null && !settings.stripeAccount().isBlank()) {
            Bodies.sameStore(
                    "stripe", "Stripe account", event.path("account").asText(""), settings.stripeAccount(), false);
        }
        String id = required(event, "id");
        String type = required(event, "type");
        JsonNode object = event.path("data").path("object");
        String order = object.path("metadata").path("order_id").asText("");
        EntityId entity = !order.isBlank()
                ? Bodies.orderEntity(tenant, order)
                : Bodies.entity(tenant, "payment", object.path("id").asText(""));
        ProviderEvent typed = type.equals(PAYMENT_FAILED) ? paymentFailed(object) : null;
        return List.of(new ReceivedEvent(id, null, type, entity, typed, payload, Digests.sha256Hex(body)));
    }

    /**
     * The payment intent, the order it was for (metadata {@code order_id}, a Shopify order number or GID, or {@code
     * shopify_order}; blank when it names none) and what went wrong ({@code last_payment_error}).
     */
    private static ProviderEvent.PaymentFailed paymentFailed(JsonNode intent) {
        JsonNode metadata = intent.path("metadata");
        String order =
                metadata.path("order_id").asText(metadata.path("shopify_order").asText(""));
        JsonNode error = intent.path("last_payment_error");
        return new ProviderEvent.PaymentFailed(
                intent.path("id").asText(""),
                order.isBlank() ? "" : ShopifyIds.orderGid(order),
                error.path("decline_code").asText(error.path("code").asText("")),
                error.path("message").asText(""));
    }

    static void verify(String secret, byte[] body, String header, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            throw WebhookRejected.missingSignature();
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw WebhookRejected.badSignature();
                }
            } else if (key.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw WebhookRejected.badSignature();
        }
        Freshness.check(timestamp, now, tolerance);
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        String expected = Digests.hmacSha256Hex(secret, signed);
        boolean matched = false;
        for (String presented : signatures) {
            matched |= Digests.constantTimeEquals(expected, presented);
        }
        if (!matched) {
            throw WebhookRejected.badSignature();
        }
    }
}
