package io.autobiz.sandbox.stripe;

import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxAccounts;
import io.autobiz.sandbox.SandboxObjects;
import io.autobiz.sandbox.stripe.StripeSandbox.StripeError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
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
 * the first response again, and the same key with other parameters is refused; only test-mode keys are accepted. The
 * key the request presents names the store (Stripe's account); the first responses are kept with the store's objects,
 * so a key sent again after a restart is answered as before.
 */
@RestController
@RequestMapping("/sandbox/stripe/v1")
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class StripeSandboxController {

    private static final String REPLAY = "stripe.idempotent_request";

    private final StripeSandbox stripe;
    private final SandboxObjects objects;
    private final SandboxAccounts accounts;

    StripeSandboxController(StripeSandbox stripe, SandboxObjects objects, SandboxAccounts accounts) {
        this.stripe = stripe;
        this.objects = objects;
        this.accounts = accounts;
    }

    @GetMapping("/payment_intents/{id}")
    ResponseEntity<Object> retrieve(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> query) {
        TenantId store = storeOf(auth);
        // Stripe's client sends expand[0]=latest_charge (an indexed list); expand[]= is accepted as well.
        boolean expandCharge = query.entrySet().stream()
                .anyMatch(param ->
                        param.getKey().startsWith("expand") && param.getValue().contains("latest_charge"));
        return ResponseEntity.ok(stripe.retrieve(store, id, expandCharge));
    }

    @PostMapping(value = "/payment_intents/{id}/capture", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> capture(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "Idempotency-Key", required = false) String key,
            @PathVariable String id,
            @RequestBody(required = false) MultiValueMap<String, String> form) {
        TenantId store = storeOf(auth);
        String amount = form == null ? null : form.getFirst("amount_to_capture");
        return idempotent(
                store,
                key,
                "capture " + id + " " + sorted(form),
                () -> ResponseEntity.ok(stripe.capture(store, id, amount == null ? null : Long.valueOf(amount))));
    }

    /** Authorisation as the stripe.payment.authorize tool sends it: manual capture, confirmed at once. */
    @PostMapping(value = "/payment_intents", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> create(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "Idempotency-Key", required = false) String key,
            @RequestBody MultiValueMap<String, String> form) {
        TenantId store = storeOf(auth);
        return idempotent(store, key, "create " + sorted(form), () -> {
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
            return ResponseEntity.ok(stripe.authorize(store, Long.parseLong(amount), currency, metadata(form)));
        });
    }

    @PostMapping(value = "/refunds", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> refund(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "Idempotency-Key", required = false) String key,
            @RequestBody MultiValueMap<String, String> form) {
        TenantId store = storeOf(auth);
        return idempotent(store, key, "refund " + sorted(form), () -> {
            String amount = form.getFirst("amount");
            return ResponseEntity.ok(stripe.refund(
                    store,
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
        TenantId store = storeOf(auth);
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
        TenantId store = storeOf(auth);
        return idempotent(
                store, key, "cancel " + id + " " + sorted(form), () -> ResponseEntity.ok(stripe.cancel(store, id)));
    }

    @ExceptionHandler(StripeError.class)
    ResponseEntity<Object> error(StripeError e) {
        return ResponseEntity.status(e.status)
                .body(Map.of("error", Map.of("type", e.type, "code", e.code, "message", e.getMessage())));
    }

    private ResponseEntity<Object> idempotent(
            TenantId store, String key, String request, Supplier<ResponseEntity<Object>> action) {
        if (key == null) {
            return action.get();
        }
        String hash = Digests.sha256Hex(request);
        Map<String, Object> first =
                objects.inStore(store, account -> account.find(REPLAY, key)).orElse(null);
        if (first == null) {
            ResponseEntity<Object> response;
            try {
                response = action.get();
            } catch (StripeError e) {
                response = error(e);
            }
            Map<String, Object> replay = new LinkedHashMap<>();
            replay.put("requestHash", hash);
            replay.put("status", response.getStatusCode().value());
            replay.put("body", response.getBody());
            if (objects.insertOnce(store, REPLAY, key, replay)) {
                return response;
            }
            first = objects.inStore(store, account -> account.find(REPLAY, key)).orElseThrow();
        }
        if (!hash.equals(first.get("requestHash"))) {
            throw new StripeError(
                    400,
                    "idempotency_error",
                    "idempotency_key_in_use",
                    "Keys for idempotent requests can only be used with the same parameters they were first"
                            + " used with.");
        }
        return ResponseEntity.status(((Number) first.get("status")).intValue()).body(first.get("body"));
    }

    private static String sorted(MultiValueMap<String, String> form) {
        return form == null ? "" : new TreeMap<>(form).toString();
    }

    /** The store whose test-mode key this is, as Stripe finds the account by its key. */
    private TenantId storeOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer sk_test_")) {
            throw new StripeError(
                    401,
                    "invalid_request_error",
                    "api_key_invalid",
                    "The sandbox accepts only test-mode secret keys (sk_test_...).");
        }
        return accounts.byKey("stripe", "api_key", authorization.substring("Bearer ".length()))
                .orElseThrow(() ->
                        new StripeError(401, "invalid_request_error", "api_key_invalid", "Invalid API Key provided."));
    }
}
