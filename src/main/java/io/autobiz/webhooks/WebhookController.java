package io.autobiz.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.app.tenancy.TenantDirectory;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.events.EventStore;
import io.autobiz.kernel.events.VerifiedEvent;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.workflows.OrderWorkflows;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives provider webhooks. This version verifies and handles Printful's shipment events, which continue WF01;
 * the other providers answer 404 until their verifiers exist.
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final TenantDirectory tenants;
    private final CredentialScoper credentials;
    private final EventStore events;
    private final OrderWorkflows orders;
    private final MeterRegistry meters;
    private final Clock clock;

    WebhookController(
            TenantDirectory tenants,
            CredentialScoper credentials,
            EventStore events,
            OrderWorkflows orders,
            MeterRegistry meters,
            Clock clock) {
        this.tenants = tenants;
        this.credentials = credentials;
        this.events = events;
        this.orders = orders;
        this.meters = meters;
        this.clock = clock;
    }

    @PostMapping("/webhooks/{provider}/{tenant}")
    ResponseEntity<Map<String, Object>> receive(
            @PathVariable String provider, @PathVariable String tenant, HttpServletRequest request) throws IOException {
        if (!"printful".equals(provider)) {
            throw new WebhookRejected(404, "unknown_provider", "no webhook endpoint for provider '" + provider + "'");
        }
        if (!tenants.isKnown(tenant)) {
            throw new WebhookRejected(404, "unknown_tenant", "no store '" + tenant + "'");
        }
        TenantId store = TenantId.of(tenant);
        byte[] body = readBounded(request);
        String secret =
                credentials.scopeFor(store, "printful", "webhook:printful").require("webhook_secret");
        if (!PrintfulSignature.verify(secret, body, request.getHeader(PrintfulSignature.HEADER))) {
            throw new WebhookRejected(401, "bad_signature", "the signature does not match the body");
        }
        JsonNode event = parse(body);
        String type = event.path("type").asText("");
        if (!type.equals("shipment_sent") && !type.equals("package_shipped")) {
            count(provider, "ignored");
            return ResponseEntity.ok(Map.of("status", "ignored", "type", type));
        }
        JsonNode shipment = event.path("data").path("shipment");
        long printfulOrderId = event.path("data")
                .path("order")
                .path("id")
                .asLong(shipment.path("order_id").asLong());
        String providerEventId = type + ":" + shipment.path("id").asText();
        Optional<String> stored = events.append(new VerifiedEvent(
                store,
                provider,
                providerEventId,
                type,
                EntityId.of(store, "printful-order", String.valueOf(printfulOrderId)),
                new String(body, StandardCharsets.UTF_8),
                UUID.randomUUID().toString(),
                clock.instant()));
        String eventId;
        if (stored.isPresent()) {
            eventId = stored.get();
        } else {
            EventStore.StoredEvent earlier =
                    events.findByProviderId(store, provider, providerEventId).orElseThrow();
            if (earlier.status() != EventStore.Status.UNMATCHED) {
                count(provider, "duplicate");
                return ResponseEntity.ok(Map.of("status", "duplicate"));
            }
            eventId = earlier.eventId();
        }
        Map<String, Object> tracking = new LinkedHashMap<>();
        tracking.put("trackingNumber", shipment.path("tracking_number").asText(""));
        tracking.put("trackingUrl", shipment.path("tracking_url").asText(""));
        tracking.put("carrier", shipment.path("carrier").asText(""));
        Optional<String> continued = orders.shipmentSent(store, printfulOrderId, tracking);
        events.mark(store, eventId, continued.isPresent() ? EventStore.Status.PROCESSED : EventStore.Status.UNMATCHED);
        if (continued.isEmpty()) {
            // The workflow may not have reached its wait yet (the shipment came early). The event is kept, and the
            // provider is asked to deliver it again; a redelivery tries once more instead of counting as a duplicate.
            count(provider, "unmatched");
            return ResponseEntity.status(503)
                    .header("Retry-After", "5")
                    .body(Map.of("status", "unmatched", "message", "no workflow waits for this shipment yet"));
        }
        count(provider, "processed");
        return ResponseEntity.ok(Map.of("status", "processed"));
    }

    @ExceptionHandler(WebhookRejected.class)
    ResponseEntity<Map<String, Object>> rejected(WebhookRejected rejected) {
        count("any", rejected.reason);
        log.info("webhook rejected: {}", rejected.reason);
        return ResponseEntity.status(rejected.status)
                .body(Map.of("error", rejected.reason, "message", rejected.getMessage()));
    }

    /** Reads at most the limit, so an oversized body is refused without being held in memory. */
    private static byte[] readBounded(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new WebhookRejected(413, "too_large", "the body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new WebhookRejected(413, "too_large", "the body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode event = Json.parse(new String(body, StandardCharsets.UTF_8));
            if (!event.isObject()) {
                throw new WebhookRejected(400, "malformed", "the body is not a JSON object");
            }
            return event;
        } catch (IllegalArgumentException e) {
            throw new WebhookRejected(400, "malformed", "the body is not JSON");
        }
    }

    private void count(String provider, String outcome) {
        meters.counter("event_received_total", "provider", provider, "outcome", outcome)
                .increment();
    }
}
