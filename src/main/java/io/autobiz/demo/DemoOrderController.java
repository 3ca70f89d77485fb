package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.CompiledSchema;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.schema.SchemaViolation;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.workflows.OrderWorkflows;
import io.autobiz.workflows.OrderWorkflows.PaidOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /demo/orders}: a customer checks out in the demo store. The sandbox Shopify records a paid order, the
 * sandbox Stripe an authorised payment, and WF01 starts as it would on Shopify's "order paid". An empty body orders one
 * T-shirt; anything that is not a valid order request is refused with 400 and starts nothing.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoOrderController {

    private static final Map<String, Object> DEFAULT_ADDRESS = Map.of(
            "name", "Ada Lovelace",
            "address1", "12 Analytical Row",
            "city", "Portland",
            "provinceCode", "OR",
            "zip", "97201",
            "countryCodeV2", "US");

    private final DemoProperties demo;
    private final ShopifySandbox shopify;
    private final StripeSandbox stripe;
    private final OrderWorkflows workflows;
    private final CompiledSchema requestSchema;

    DemoOrderController(
            DemoProperties demo,
            ShopifySandbox shopify,
            StripeSandbox stripe,
            OrderWorkflows workflows,
            SchemaValidator validator) {
        this.demo = demo;
        this.shopify = shopify;
        this.stripe = stripe;
        this.workflows = workflows;
        this.requestSchema = validator.compile(
                "demo order request", Json.resource(DemoOrderController.class, "/demo/order-request.json"));
    }

    /** Thrown for a request that is well-formed JSON but not a valid order. */
    static final class InvalidDemoOrder extends RuntimeException {
        final List<Map<String, String>> violations;

        InvalidDemoOrder(String message, List<Map<String, String>> violations) {
            super(message);
            this.violations = violations;
        }
    }

    @PostMapping(path = "/demo/orders")
    ResponseEntity<Map<String, Object>> placeOrder(@RequestBody(required = false) String body) {
        ObjectNode request = parse(body);
        List<SchemaViolation> violations = requestSchema.validate(request);
        if (!violations.isEmpty()) {
            throw new InvalidDemoOrder(
                    "the order request is invalid",
                    violations.stream()
                            .map(v -> Map.of("pointer", v.pointer(), "keyword", v.keyword(), "message", v.message()))
                            .toList());
        }
        String currency = request.path("currency").asText("USD");
        List<ShopifySandbox.Line> lines = new ArrayList<>();
        long total = 0;
        JsonNode items =
                request.has("items") ? request.get("items") : Json.parse("[{\"sku\":\"TSHIRT-BLK-M\",\"quantity\":1}]");
        for (JsonNode item : items) {
            String sku = item.get("sku").asText();
            DemoProperties.Product product = demo.products().get(sku);
            if (product == null) {
                throw new InvalidDemoOrder(
                        "the demo store does not sell '" + sku + "'; it sells "
                                + demo.products().keySet(),
                        List.of(Map.of("pointer", "/items", "keyword", "enum", "message", "unknown SKU " + sku)));
            }
            int quantity = item.get("quantity").asInt();
            lines.add(new ShopifySandbox.Line(sku, product.title(), quantity));
            total += product.unitPrice() * quantity;
        }
        String email = request.path("customerEmail").asText("ada@example.com");
        Map<String, Object> address = new LinkedHashMap<>(DEFAULT_ADDRESS);
        address.put("name", request.path("customerName").asText("Ada Lovelace"));

        Map<String, Object> order = shopify.placePaidOrder(
                TenantId.of(demo.tenant()), email, currency, BigDecimal.valueOf(total, 2), lines, address);
        String orderId = (String) order.get("id");
        Map<String, Object> payment =
                stripe.authorize(TenantId.of(demo.tenant()), total, currency, Map.of("shopify_order", orderId));
        String correlationId = UUID.randomUUID().toString();
        ProcessInstance instance = workflows.startFulfilment(
                new PaidOrder(TenantId.of(demo.tenant()), orderId, (String) payment.get("id"), correlationId));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("orderId", orderId);
        answer.put("orderName", order.get("name"));
        answer.put("amount", total);
        answer.put("currency", currency);
        answer.put("paymentIntentId", payment.get("id"));
        answer.put("processInstanceId", instance.getId());
        answer.put("correlationId", correlationId);
        answer.put("cockpit", "/camunda/app/cockpit/default/#/process-instance/" + instance.getId() + "/runtime");
        return ResponseEntity.accepted().body(answer);
    }

    @ExceptionHandler(InvalidDemoOrder.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidDemoOrder e) {
        return ResponseEntity.badRequest()
                .body(Map.of("error", "INVALID_ORDER", "message", e.getMessage(), "violations", e.violations));
    }

    private static ObjectNode parse(String body) {
        if (body == null || body.isBlank()) {
            return Json.object();
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidDemoOrder("the body is not valid JSON: " + e.getMessage(), List.of());
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new InvalidDemoOrder("the body must be a JSON object", List.of());
        }
        return object;
    }
}
