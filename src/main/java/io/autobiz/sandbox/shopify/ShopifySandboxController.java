package io.autobiz.sandbox.shopify;

import com.fasterxml.jackson.databind.JsonNode;
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

    ShopifySandboxController(ShopifySandbox shopify) {
        this.shopify = shopify;
    }

    @PostMapping("/sandbox/shopify/admin/api/{version}/graphql.json")
    ResponseEntity<Map<String, Object>> graphql(
            @RequestHeader(value = "X-Shopify-Access-Token", required = false) String token,
            @PathVariable String version,
            @RequestBody JsonNode request) {
        if (token == null || token.isBlank()) {
            return ResponseEntity.status(401)
                    .body(Map.of(
                            "errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"));
        }
        String operation = request.path("operationName").asText("");
        if (operation.equals("AutoBizOrderGet")) {
            String id = request.path("variables").path("id").asText();
            Map<String, Object> data = new HashMap<>();
            data.put("order", shopify.find(id));
            return ResponseEntity.ok(Map.of("data", data, "extensions", cost(1)));
        }
        return ResponseEntity.ok(Map.of(
                "errors",
                List.of(Map.of(
                        "message",
                        "The sandbox does not implement operation '" + operation + "'",
                        "extensions",
                        Map.of("code", "UNSUPPORTED_OPERATION")))));
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
