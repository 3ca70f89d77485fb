package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.workflows.RefundWorkflows;
import io.autobiz.workflows.RefundWorkflows.RefundRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /demo/refunds}: a customer of the demo store asks for a refund, and WF03 starts; its approval then waits
 * in Tasklist for the demo approver. The body names the order ({@code orderId}) and optionally the {@code amount} in
 * cents (default: everything captured) and a {@code reason}; an empty body picks the newest demo order whose payment
 * was captured. An order that is unknown or not captured yet is refused (404/409) and starts nothing.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoRefundController {

    private final DemoProperties demo;
    private final StripeSandbox stripe;
    private final RefundWorkflows refunds;

    DemoRefundController(DemoProperties demo, StripeSandbox stripe, RefundWorkflows refunds) {
        this.demo = demo;
        this.stripe = stripe;
        this.refunds = refunds;
    }

    @PostMapping(path = "/demo/refunds")
    ResponseEntity<Map<String, Object>> requestRefund(@RequestBody(required = false) String body) {
        JsonNode request = DemoRequests.object(body);
        String orderId = request.path("orderId").asText(null);
        Map<String, Object> payment = (orderId == null
                        ? DemoRequests.newestPayment(
                                stripe.paymentIntents(TenantId.of(demo.tenant())), "succeeded"::equals)
                        : DemoRequests.paymentOf(stripe.paymentIntents(TenantId.of(demo.tenant())), orderId))
                .orElseThrow(() -> new DemoRequests.Refused(
                        HttpStatus.NOT_FOUND,
                        "NO_CAPTURED_ORDER",
                        orderId == null
                                ? "no demo order has been captured yet: POST /demo/orders and wait for WF01"
                                : "no payment of the demo store belongs to order " + orderId));
        if (!"succeeded".equals(payment.get("status"))) {
            throw new DemoRequests.Refused(
                    HttpStatus.CONFLICT,
                    "NOT_CAPTURED",
                    "the payment of this order is '" + payment.get("status")
                            + "', not captured yet: wait for WF01 to capture it");
        }
        long received = ((Number) payment.get("amount_received")).longValue();
        long amount = received;
        if (request.has("amount")) {
            JsonNode value = request.get("amount");
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
                throw new DemoRequests.Refused(
                        HttpStatus.BAD_REQUEST, "INVALID_AMOUNT", "amount must be a positive whole number of cents");
            }
            amount = value.asLong();
        }
        String order = DemoRequests.orderOf(payment).orElseThrow();
        String refundRequestId = "demo-refund-" + UUID.randomUUID();
        String correlationId = UUID.randomUUID().toString();
        ProcessInstance instance = refunds.requestRefund(new RefundRequest(
                TenantId.of(demo.tenant()),
                refundRequestId,
                order,
                (String) payment.get("id"),
                amount,
                String.valueOf(payment.get("currency")).toUpperCase(),
                request.path("reason").asText("the parcel arrived damaged"),
                correlationId,
                DemoRequests.REQUESTER));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("refundRequestId", refundRequestId);
        answer.put("orderId", order);
        answer.put("amount", amount);
        answer.put("processInstanceId", instance.getId());
        answer.put("correlationId", correlationId);
        answer.put("tasklist", "/camunda/app/tasklist/default/");
        answer.put("cockpit", "/camunda/app/cockpit/default/#/process-instance/" + instance.getId() + "/runtime");
        return ResponseEntity.accepted().body(answer);
    }

    @ExceptionHandler(DemoRequests.Refused.class)
    ResponseEntity<Map<String, Object>> refused(DemoRequests.Refused e) {
        return e.response();
    }
}
