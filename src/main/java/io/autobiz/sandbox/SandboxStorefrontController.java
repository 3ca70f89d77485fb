package io.autobiz.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.printful.PrintfulSandbox;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.tenancy.TenantProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The storefront side of the sandboxes, for harnesses that play customers and providers from outside the application
 * (the soak harness, {@code perf/}): what happens at Shopify, Stripe and Printful without AutoBiz being told. Unlike
 * the demo endpoints ({@code /demo/*}) nothing here starts a workflow: the harness then sends the provider's signed
 * webhook through ingress itself, or deliberately does not. Not a provider endpoint, so faults are never injected
 * here; like every sandbox endpoint it exists only with {@code autobiz.sandbox.enabled=true}.
 *
 * <ul>
 *   <li>{@code POST /sandbox/storefront/{store}/checkouts}: a customer checks out; Shopify records the order (paid, or
 *       pending when the card is declined) and Stripe the authorised (or declined) payment. Body: {@code email},
 *       {@code name}, {@code amount} (cents), {@code currency}, {@code sku}, {@code quantity}, {@code declined}.
 *   <li>{@code POST /sandbox/storefront/{store}/printful-holds}: Printful puts the order with {@code externalId} on hold
 *       and sends its signed {@code order_put_hold} webhook.
 * </ul>
 */
@RestController
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class SandboxStorefrontController {

    private static final Set<String> HOLDABLE = Set.of("draft", "pending", "inprocess", "failed", "onhold");

    private final TenantProperties tenants;
    private final ShopifySandbox shopify;
    private final StripeSandbox stripe;
    private final PrintfulSandbox printful;

    SandboxStorefrontController(
            TenantProperties tenants, ShopifySandbox shopify, StripeSandbox stripe, PrintfulSandbox printful) {
        this.tenants = tenants;
        this.shopify = shopify;
        this.stripe = stripe;
        this.printful = printful;
    }

    @PostMapping("/sandbox/storefront/{store}/checkouts")
    ResponseEntity<Map<String, Object>> checkout(
            @PathVariable String store, @RequestBody(required = false) String body) {
        if (!tenants.tenants().containsKey(store)) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_store"));
        }
        JsonNode request = body == null || body.isBlank() ? Json.object() : Json.parse(body);
        TenantId tenant = TenantId.of(store);
        long amount = request.path("amount").asLong(2500);
        if (amount <= 0) {
            return ResponseEntity.badRequest().body(Map.of("error", "amount must be positive cents"));
        }
        String currency = request.path("currency").asText("USD");
        String email = request.path("email").asText("customer@example.com");
        boolean declined = request.path("declined").asBoolean(false);
        List<ShopifySandbox.Line> lines = new ArrayList<>();
        lines.add(new ShopifySandbox.Line(
                request.path("sku").asText("TSHIRT-BLK-M"),
                request.path("title").asText("T-shirt"),
                request.path("quantity").asInt(1)));
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("name", request.path("name").asText("Sandbox Customer"));
        address.put("address1", "12 Analytical Row");
        address.put("city", "Portland");
        address.put("provinceCode", "OR");
        address.put("zip", "97201");
        address.put("countryCodeV2", "US");
        BigDecimal total = BigDecimal.valueOf(amount, 2);
        Map<String, Object> order = declined
                ? shopify.placeUnpaidOrder(tenant, email, currency, total, lines, address)
                : shopify.placePaidOrder(tenant, email, currency, total, lines, address);
        String gid = (String) order.get("id");
        Map<String, String> metadata = Map.of("shopify_order", gid, "order_id", gid);
        Map<String, Object> payment = declined
                ? stripe.decline(
                        tenant,
                        amount,
                        currency,
                        metadata,
                        "insufficient_funds",
                        "Your card has insufficient" + " funds.")
                : stripe.authorize(tenant, amount, currency, metadata);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("orderId", gid);
        answer.put("orderNumber", Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1)));
        answer.put("orderName", order.get("name"));
        answer.put("amount", amount);
        answer.put("currency", currency);
        answer.put("paymentIntentId", payment.get("id"));
        answer.put("paymentStatus", payment.get("status"));
        return ResponseEntity.status(201).body(answer);
    }

    @PostMapping("/sandbox/storefront/{store}/printful-holds")
    ResponseEntity<Map<String, Object>> hold(@PathVariable String store, @RequestBody(required = false) String body) {
        if (!tenants.tenants().containsKey(store)) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_store"));
        }
        JsonNode request = body == null || body.isBlank() ? Json.object() : Json.parse(body);
        String externalId = request.path("externalId").asText("");
        TenantId tenant = TenantId.of(store);
        Map<String, Object> order = printful.orders(tenant).stream()
                .filter(o -> externalId.equals(String.valueOf(o.get("external_id"))))
                .findFirst()
                .orElse(null);
        if (order == null) {
            return ResponseEntity.status(404).body(Map.of("error", "no_such_printful_order"));
        }
        if (!HOLDABLE.contains(String.valueOf(order.get("status")))) {
            return ResponseEntity.status(409).body(Map.of("error", "not_holdable", "status", order.get("status")));
        }
        long id = ((Number) order.get("id")).longValue();
        try {
            printful.putOnHold(tenant, id, request.path("reason").asText("the print file's resolution is too low"));
        } catch (PrintfulSandbox.PrintfulError e) {
            return ResponseEntity.status(409).body(Map.of("error", "not_holdable"));
        }
        return ResponseEntity.accepted().body(Map.of("printfulOrderId", id, "externalId", externalId));
    }
}
