package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.workflows.OrderCancelWorkflows;
import io.autobiz.workflows.OrderCancelWorkflows.CancelRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
 * {@code POST /demo/cancellations}: a customer of the demo store asks to cancel an order, and WF04 starts. The body
 * names the order ({@code orderId}) and optionally a {@code reason}; an empty body picks the newest demo order whose
 * payment is authorised or captured. A captured order's refund then waits in Tasklist for the demo approver. An order
 * that is unknown, or whose payment was already voided, is refused (404/409) and starts nothing.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoCancellationController {

    private static final Set<String> CANCELLABLE = Set.of("requires_capture", "succeeded");

    private final DemoProperties demo;
    private final StripeSandbox stripe;
    private final OrderCancelWorkflows cancellations;

    DemoCancellationController(DemoProperties demo, StripeSandbox stripe, OrderCancelWorkflows cancellations) {
        this.demo = demo;
        this.stripe = stripe;
        this.cancellations = cancellations;
    }

    @PostMapping(path = "/demo/cancellations")
    ResponseEntity<Map<String, Object>> requestCancellation(@RequestBody(required = false) String body) {
        JsonNode request = DemoRequests.object(body);
        String orderId = request.path("orderId").asText(null);
        Map<String, Object> payment = (orderId == null
                        ? DemoRequests.newestPayment(
                                stripe.paymentIntents(TenantId.of(demo.tenant())), CANCELLABLE::contains)
                        : DemoRequests.paymentOf(stripe.paymentIntents(TenantId.of(demo.tenant())), orderId))
                .orElseThrow(() -> new DemoRequests.Refused(
                        HttpStatus.NOT_FOUND,
                        "NO_ORDER",
                        orderId == null
                                ? "no demo order can be cancelled yet: POST /demo/orders first"
                                : "no payment of the demo store belongs to order " + orderId));
        if (!CANCELLABLE.contains(String.valueOf(payment.get("status")))) {
            throw new DemoRequests.Refused(
                    HttpStatus.CONFLICT,
                    "NOT_CANCELLABLE",
                    "the payment of this order is '" + payment.get("status") + "': there is nothing to cancel");
        }
        String order = DemoRequests.orderOf(payment).orElseThrow();
        String cancelRequestId = "demo-cancel-" + UUID.randomUUID();
        String correlationId = UUID.randomUUID().toString();
        ProcessInstance instance = cancellations.requestCancel(new CancelRequest(
                TenantId.of(demo.tenant()),
                cancelRequestId,
                order,
                (String) payment.get("id"),
                null,
                request.path("reason").asText("ordered the wrong size"),
                correlationId,
                DemoRequests.REQUESTER));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("cancelRequestId", cancelRequestId);
        answer.put("orderId", order);
        answer.put("paymentStatus", payment.get("status"));
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
