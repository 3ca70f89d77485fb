package io.autobiz.sandbox.stripe;

import io.autobiz.kernel.crypto.Digests;
import io.autobiz.sandbox.stripe.StripeSandbox.StripeError;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stripe's HTTP surface for PaymentIntents. As at Stripe, a request with an {@code Idempotency-Key} already seen gets
 * the first response again, and the same key with other parameters is refused; only test-mode keys are accepted.
 */
@RestController
@RequestMapping("/sandbox/stripe/v1")
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class StripeSandboxController {

    private record Replay(String requestHash, ResponseEntity<Object> response) {}

    private final StripeSandbox stripe;
    private final Map<String, Replay> idempotency = new ConcurrentHashMap<>();

    StripeSandboxController(StripeSandbox stripe) {
        this.stripe = stripe;
    }

    @GetMapping("/payment_intents/{id}")
    ResponseEntity<Object> retrieve(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> query) {
        requireTestKey(auth);
        // Stripe's client sends expand[0]=latest_charge (an indexed list); expand[]= is accepted as well.
        boolean expandCharge = query.entrySet().stream()
                .anyMatch(param ->
                        param.getKey().startsWith("expand") && param.getValue().contains("latest_charge"));
        return ResponseEntity.ok(stripe.retrieve(id, expandCharge));
    }

    @PostMapping(value = "/payment_intents/{id}/capture", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> capture(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "Idempotency-Key", required = false) String key,
            @PathVariable String id,
            @RequestBody(required = false) MultiValueMap<String, String> form) {
        requireTestKey(auth);
        String amount = form == null ? null : form.getFirst("amount_to_capture");
        return idempotent(
                key,
                "capture " + id + " " + sorted(form),
                () -> ResponseEntity.ok(stripe.capture(id, amount == null ? null : Long.valueOf(amount))));
    }

    /** Authorisation as the stripe.payment.authorize tool sends it: manual capture, confirmed at once. */
    @PostMapping(value = "/payment_intents", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> create(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "Idempotency-Key", required = false) String key,
            @RequestBody MultiValueMap<String, String> form) {
        requireTestKey(auth);
        return idempotent(key, "create " + sorted(form), () -> {
            if (!"manual".equals(form.getFirst("capture_method"))) {
                throw new StripeError(
                        400,
                        "invalid_request_error",
                        "parameter_invalid",
                        "The sandbox authorises with capture_method=manual only.");
            }
            String amount = form.getFirst("amount");
            String currency = form.getFirst("currency");
            if (amount == null || currency == null) {
                throw new StripeError(
                        400, "invalid_request_error", "parameter_missing", "Missing required param: amount/currency.");
            }
            return ResponseEntity.ok(stripe.authorize(Long.parseLong(amount), currency, metadata(form)));
        });
    }

    @PostMapping(value = "/refunds", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> refund(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "Idempotency-Key", required = false) String key,
            @RequestBody MultiValueMap<String, String> form) {
        requireTestKey(auth);
        return idempotent(key, "refund " + sorted(form), () -> {
            String amount = form.getFirst("amount");
            return ResponseEntity.ok(stripe.refund(
                    form.getFirst("payment_intent"),
                    amount == null ? null : Long.valueOf(amount),
                    form.getFirst("reason"),
                    metadata(form)));
        });
    }

    @PostMapping(value = "/tax/calculations", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> calculateTax(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestBody MultiValueMap<String, String> form) {
        requireTestKey(auth);
        java.util.List<Long> lines = new java.util.ArrayList<>();
        for (int i = 0; form.containsKey("line_items[" + i + "][amount]"); i++) {
            lines.add(Long.valueOf(form.getFirst("line_items[" + i + "][amount]")));
        }
        String shipping = form.getFirst("shipping_cost[amount]");
        return ResponseEntity.ok(stripe.calculateTax(
                String.valueOf(form.getFirst("currency")),
                lines,
                shipping == null ? 0 : Long.parseLong(shipping),
                String.valueOf(form.getFirst("customer_details[address][country]"))));
    }

    private static Map<String, String> metadata(MultiValueMap<String, String> form) {
        Map<String, String> metadata = new TreeMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith("metadata[") && name.endsWith("]") && !values.isEmpty()) {
                metadata.put(name.substring("metadata[".length(), name.length() - 1), values.get(0));
            }
        });
        return metadata;
    }

    @PostMapping(value = "/payment_intents/{id}/cancel", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> cancel(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "Idempotency-Key", required = false) String key,
            @PathVariable String id,
            @RequestBody(required = false) MultiValueMap<String, String> form) {
        requireTestKey(auth);
        return idempotent(key, "cancel " + id + " " + sorted(form), () -> ResponseEntity.ok(stripe.cancel(id)));
    }

    @ExceptionHandler(StripeError.class)
    ResponseEntity<Object> error(StripeError e) {
        return ResponseEntity.status(e.status)
                .body(Map.of("error", Map.of("type", e.type, "code", e.code, "message", e.getMessage())));
    }

    private ResponseEntity<Object> idempotent(String key, String request, Supplier<ResponseEntity<Object>> action) {
        if (key == null) {
            return action.get();
        }
        String hash = Digests.sha256Hex(request);
        Replay first = idempotency.get(key);
        if (first != null) {
            if (!first.requestHash().equals(hash)) {
                throw new StripeError(
                        400,
                        "idempotency_error",
                        "idempotency_key_in_use",
                        "Keys for idempotent requests can only be used with the same parameters they were first"
                                + " used with.");
            }
            return first.response();
        }
        ResponseEntity<Object> response;
        try {
            response = action.get();
        } catch (StripeError e) {
            response = error(e);
        }
        idempotency.putIfAbsent(key, new Replay(hash, response));
        return idempotency.get(key).response();
    }

    private static String sorted(MultiValueMap<String, String> form) {
        return form == null ? "" : new TreeMap<>(form).toString();
    }

    private static void requireTestKey(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer sk_test_")) {
            throw new StripeError(
                    401,
                    "invalid_request_error",
                    "api_key_invalid",
                    "The sandbox accepts only test-mode secret keys (sk_test_...).");
        }
    }
}
