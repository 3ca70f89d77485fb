package io.autobiz.sandbox.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxAccounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class ShopifySandboxController {

    private final ShopifySandbox shopify;
    private final SandboxAccounts accounts;

    ShopifySandboxController(ShopifySandbox shopify, SandboxAccounts accounts) {
        this.shopify = shopify;
        this.accounts = accounts;
    }

    @PostMapping("/sandbox/shopify/admin/api/{version}/graphql.json")
    ResponseEntity<Map<String, Object>> graphql(
            @RequestHeader(value = "X-Shopify-Access-Token", required = false) String token,
            @PathVariable String version,
            @RequestBody JsonNode request) {
        // The shop is the one whose access token this is, as at Shopify.
        TenantId store = accounts.byKey("shopify", "access_token", token).orElse(null);
        if (store == null) {
            return ResponseEntity.status(401)
                    .body(Map.of(
                            "errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"));
        }
        String operation = request.path("operationName").asText("");
        if (operation.equals("AutoBizOrderGet")) {
            String id = request.path("variables").path("id").asText();
            Map<String, Object> data = new HashMap<>();
            data.put("order", shopify.find(store, id));
            return ResponseEntity.ok(Map.of("data", data, "extensions", cost(1)));
        }
        JsonNode variables = request.path("variables");
        if (operation.equals("AutoBizOrderByName")) {
            String query = variables.path("query").asText();
            Map<String, Object> found =
                    query.startsWith("name:") ? shopify.findByName(store, query.substring(5)) : null;
            List<Object> nodes = found == null ? List.of() : List.of(found);
            return ResponseEntity.ok(Map.of("data", Map.of("orders", Map.of("nodes", nodes)), "extensions", cost(3)));
        }
        if (operation.equals("AutoBizOrderUpdate")) {
            JsonNode input = variables.path("input");
            List<String> tags = null;
            if (input.has("tags")) {
                tags = new java.util.ArrayList<>();
                for (JsonNode tag : input.get("tags")) {
                    tags.add(tag.asText());
                }
            }
            Map<String, Object> order = shopify.update(
                    store,
                    input.path("id").asText(),
                    tags,
                    input.has("note") ? input.get("note").asText() : null);
            List<Object> userErrors = order == null ? List.of(userError("id", "Order does not exist")) : List.of();
            Map<String, Object> payload = new HashMap<>();
            payload.put("order", order);
            payload.put("userErrors", userErrors);
            return ResponseEntity.ok(Map.of("data", Map.of("orderUpdate", payload), "extensions", cost(10)));
        }
        if (operation.equals("AutoBizOrderCancel")) {
            String refused = shopify.cancel(
                    store,
                    variables.path("orderId").asText(),
                    variables.path("reason").asText());
            Map<String, Object> payload = new HashMap<>();
            payload.put(
                    "job",
                    refused == null
                            ? Map.of("id", "gid://shopify/Job/" + java.util.UUID.randomUUID(), "done", true)
                            : null);
            payload.put("orderCancelUserErrors", refused == null ? List.of() : List.of(userError("orderId", refused)));
            return ResponseEntity.ok(Map.of("data", Map.of("orderCancel", payload), "extensions", cost(10)));
        }
        if (operation.equals("AutoBizRefundCreate")) {
            JsonNode input = variables.path("input");
            JsonNode transaction = input.path("transactions").path(0);
            Map<String, Object> payload = new HashMap<>();
            try {
                Map<String, Object> refund = shopify.refund(
                        store,
                        input.path("orderId").asText(),
                        variables.path("idempotencyKey").asText(),
                        new java.math.BigDecimal(transaction.path("amount").asText("0")));
                payload.put("refund", refund);
                payload.put(
                        "userErrors",
                        refund == null ? List.of(userError("orderId", "Order does not exist")) : List.of());
            } catch (IllegalArgumentException e) {
                payload.put("refund", null);
                payload.put("userErrors", List.of(userError("transactions", e.getMessage())));
            }
            return ResponseEntity.ok(Map.of("data", Map.of("refundCreate", payload), "extensions", cost(10)));
        }
        return ResponseEntity.ok(Map.of(
                "errors",
                List.of(Map.of(
                        "message",
                        "The sandbox does not implement operation '" + operation + "'",
                        "extensions",
                        Map.of("code", "UNSUPPORTED_OPERATION")))));
    }

    private static Map<String, Object> userError(String field, String message) {
        return Map.of("field", List.of(field), "message", message);
    }

    /** Shopify reports each query's cost against the leaky bucket; the sandbox's bucket never runs dry. */
    private static Map<String, Object> cost(int actual) {
        return Map.of(
                "cost",
                Map.of(
                        "requestedQueryCost",
                        actual,
                        "actualQueryCost",
                        actual,
                        "throttleStatus",
                        Map.of("maximumAvailable", 2000.0, "currentlyAvailable", 2000 - actual, "restoreRate", 100.0)));
    }
}
