package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.workflows.PaymentFailureWorkflows;
import io.autobiz.workflows.PaymentFailureWorkflows.FailedPayment;
import java.math.BigDecimal;
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
 * {@code POST /demo/payment-failures}: a customer of the demo store checks out and the card is declined. The sandbox
 * Shopify records an unpaid order, the sandbox Stripe a declined payment, and WF02 starts as it would on Stripe's
 * {@code payment_intent.payment_failed}. The body may name a {@code quantity} of T-shirts (1–20, default 1); three or
 * more are above the demo store's 50.00 cancel rule, so the cancellation at the end of the wait waits for an approver.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoPaymentFailureController {

    private static final String SKU = "TSHIRT-BLK-M";
    private static final Map<String, Object> ADDRESS = Map.of(
            "name", "Ada Lovelace",
            "address1", "12 Analytical Row",
            "city", "Portland",
            "provinceCode", "OR",
            "zip", "97201",
            "countryCodeV2", "US");

    private final DemoProperties demo;
    private final ShopifySandbox shopify;
    private final StripeSandbox stripe;
    private final PaymentFailureWorkflows workflows;

    DemoPaymentFailureController(
            DemoProperties demo, ShopifySandbox shopify, StripeSandbox stripe, PaymentFailureWorkflows workflows) {
        this.demo = demo;
        this.shopify = shopify;
        this.stripe = stripe;
        this.workflows = workflows;
    }

    /** A request the demo cannot start. */
    static final class InvalidPaymentFailure extends RuntimeException {
        InvalidPaymentFailure(String message) {
            super(message);
        }
    }

    @PostMapping(path = "/demo/payment-failures")
    ResponseEntity<Map<String, Object>> declineAtCheckout(@RequestBody(required = false) String body) {
        JsonNode request = DemoRequests.object(body, InvalidPaymentFailure::new);
        int quantity = 1;
        if (request.has("quantity")) {
            JsonNode value = request.get("quantity");
            if (!value.isInt() || value.asInt() < 1 || value.asInt() > 20) {
                throw new InvalidPaymentFailure("quantity must be a whole number from 1 to 20");
            }
            quantity = value.asInt();
        }
        DemoProperties.Product product = demo.products().get(SKU);
        if (product == null) {
            throw new InvalidPaymentFailure("the demo store does not sell " + SKU);
        }
        long total = product.unitPrice() * quantity;
        Map<String, Object> order = shopify.placeUnpaidOrder(
                TenantId.of(demo.tenant()),
                "ada@example.com",
                "USD",
                BigDecimal.valueOf(total, 2),
                List.of(new ShopifySandbox.Line(SKU, product.title(), quantity)),
                ADDRESS);
        String orderId = (String) order.get("id");
        String message = "Your card has insufficient funds.";
        Map<String, Object> payment = stripe.decline(
                TenantId.of(demo.tenant()),
                total,
                "USD",
                Map.of("shopify_order", orderId),
                "insufficient_funds",
                message);
        String correlationId = UUID.randomUUID().toString();
        ProcessInstance instance = workflows.paymentFailed(new FailedPayment(
                TenantId.of(demo.tenant()),
                (String) payment.get("id"),
                orderId,
                "insufficient_funds",
                message,
                correlationId));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("orderId", orderId);
        answer.put("orderName", order.get("name"));
        answer.put("amount", total);
        answer.put("paymentIntentId", payment.get("id"));
        answer.put("processInstanceId", instance.getId());
        answer.put("correlationId", correlationId);
        answer.put("cockpit", "/camunda/app/cockpit/default/#/process-instance/" + instance.getId() + "/runtime");
        return ResponseEntity.accepted().body(answer);
    }

    @ExceptionHandler(InvalidPaymentFailure.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidPaymentFailure e) {
        return ResponseEntity.badRequest().body(Map.of("error", "INVALID_REQUEST", "message", e.getMessage()));
    }
}
