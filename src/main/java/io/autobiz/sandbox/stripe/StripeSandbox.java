package io.autobiz.sandbox.stripe;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * PaymentIntents with manual capture, as Stripe keeps them: {@code requires_capture} after authorisation, then
 * {@code succeeded} (captured, possibly partially) or {@code canceled} (voided). Any other transition is refused
 * the way Stripe refuses it.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class StripeSandbox {

    private final Map<String, Map<String, Object>> intents = new ConcurrentHashMap<>();
    private final Clock clock;

    public StripeSandbox(Clock clock) {
        this.clock = clock;
    }

    /** What a refused operation looks like: Stripe's HTTP status and error object. */
    public static final class StripeError extends RuntimeException {
        final int status;
        final String type;
        final String code;

        StripeError(int status, String type, String code, String message) {
            super(message);
            this.status = status;
            this.type = type;
            this.code = code;
        }
    }

    /** A customer authorises a payment at checkout (the demo plays the storefront). */
    public synchronized Map<String, Object> authorize(long amount, String currency, Map<String, String> metadata) {
        String id = "pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", id);
        intent.put("object", "payment_intent");
        intent.put("amount", amount);
        intent.put("amount_capturable", amount);
        intent.put("amount_received", 0L);
        intent.put("capture_method", "manual");
        intent.put("currency", currency.toLowerCase());
        intent.put("created", clock.instant().getEpochSecond());
        intent.put("livemode", false);
        intent.put("metadata", new LinkedHashMap<>(metadata));
        intent.put("status", "requires_capture");
        intents.put(id, intent);
        return Map.copyOf(intent);
    }

    public synchronized Map<String, Object> retrieve(String id) {
        return Map.copyOf(require(id));
    }

    public synchronized Map<String, Object> capture(String id, Long amountToCapture) {
        Map<String, Object> intent = require(id);
        requireStatus(intent, "requires_capture", "capture");
        long capturable = (Long) intent.get("amount_capturable");
        long amount = amountToCapture == null ? capturable : amountToCapture;
        if (amount < 1 || amount > capturable) {
            throw new StripeError(
                    400,
                    "invalid_request_error",
                    "amount_too_large",
                    "The amount to capture (" + amount + ") exceeds the capturable amount (" + capturable + ").");
        }
        intent.put("amount_received", amount);
        intent.put("amount_capturable", 0L);
        intent.put("status", "succeeded");
        return Map.copyOf(intent);
    }

    public synchronized Map<String, Object> cancel(String id) {
        Map<String, Object> intent = require(id);
        requireStatus(intent, "requires_capture", "cancel");
        intent.put("amount_capturable", 0L);
        intent.put("status", "canceled");
        return Map.copyOf(intent);
    }

    public synchronized List<Map<String, Object>> paymentIntents() {
        return new ArrayList<>(intents.values().stream().map(Map::copyOf).toList());
    }

    private Map<String, Object> require(String id) {
        Map<String, Object> intent = intents.get(id);
        if (intent == null) {
            throw new StripeError(
                    404, "invalid_request_error", "resource_missing", "No such payment_intent: '" + id + "'");
        }
        return intent;
    }

    private static void requireStatus(Map<String, Object> intent, String expected, String operation) {
        if (!expected.equals(intent.get("status"))) {
            throw new StripeError(
                    400,
                    "invalid_request_error",
                    "payment_intent_unexpected_state",
                    "You cannot " + operation + " this PaymentIntent because it has a status of " + intent.get("status")
                            + ".");
        }
    }
}
