package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What the demo endpoints share: an optional JSON object body, refusals with a status, a code and a message, and the
 * Stripe sandbox's payments of the demo orders (each names its Shopify order in its metadata).
 */
final class DemoRequests {

    /**
     * The principal of runs the demo endpoints start: recorded with their approval requests as who asked. No person
     * signs in to these endpoints, so no approver is kept from deciding them.
     */
    static final String REQUESTER = "demo";

    private DemoRequests() {}

    /** A request the demo cannot serve, with the HTTP status that says why. */
    static final class Refused extends RuntimeException {
        final HttpStatus status;
        final String error;

        Refused(HttpStatus status, String error, String message) {
            super(message);
            this.status = status;
            this.error = error;
        }

        ResponseEntity<Map<String, Object>> response() {
            return ResponseEntity.status(status).body(Map.of("error", error, "message", getMessage()));
        }
    }

    /** An empty body is an empty object; anything but a JSON object is refused with 400 {@code INVALID_REQUEST}. */
    static JsonNode object(String body) {
        return object(body, message -> new Refused(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", message));
    }

    /** An empty object for no body; otherwise the object, or the exception {@code refusal} makes of what is wrong. */
    static JsonNode object(String body, Function<String, ? extends RuntimeException> refusal) {
        if (body == null || body.isBlank()) {
            return Json.object();
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw refusal.apply("the body is not valid JSON");
        }
        if (!parsed.isObject()) {
            throw refusal.apply("the body must be a JSON object");
        }
        return parsed;
    }

    /** The Shopify order a sandbox payment belongs to (its metadata {@code shopify_order}). */
    static Optional<String> orderOf(Map<String, Object> intent) {
        return intent.get("metadata") instanceof Map<?, ?> metadata
                ? Optional.ofNullable((String) metadata.get("shopify_order"))
                : Optional.empty();
    }

    /** The newest payment of a demo order whose Stripe status passes {@code status}. */
    static Optional<Map<String, Object>> newestPayment(List<Map<String, Object>> payments, Predicate<String> status) {
        return payments.stream()
                .filter(intent -> status.test(String.valueOf(intent.get("status"))))
                .filter(intent -> orderOf(intent).isPresent())
                .max(Comparator.comparingLong(intent -> ((Number) intent.get("created")).longValue()));
    }

    /** The payment of the demo order {@code orderId}, whatever its status. */
    static Optional<Map<String, Object>> paymentOf(List<Map<String, Object>> payments, String orderId) {
        return payments.stream()
                .filter(intent -> orderOf(intent).filter(orderId::equals).isPresent())
                .findFirst();
    }
}
