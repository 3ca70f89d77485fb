package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.workflows.WismoWorkflows;
import io.autobiz.workflows.WismoWorkflows.WismoRequest;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code POST /demo/wismo}: a customer of the demo store asks where their order is, and WF05 starts. The body carries
 * the customer's {@code email} and free-text {@code message}; an empty body writes, as the customer of the newest demo
 * order, "where is my order #N?". Bad input is refused with 400 and starts nothing.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoWismoController {

    private final DemoProperties demo;
    private final ShopifySandbox shopify;
    private final WismoWorkflows wismo;

    DemoWismoController(DemoProperties demo, ShopifySandbox shopify, WismoWorkflows wismo) {
        this.demo = demo;
        this.shopify = shopify;
        this.wismo = wismo;
    }

    @PostMapping(path = "/demo/wismo")
    ResponseEntity<Map<String, Object>> ask(@RequestBody(required = false) String body) {
        JsonNode request = DemoRequests.object(body);
        String email;
        String message;
        if (request.has("message") || request.has("email")) {
            email = request.path("email").asText("");
            message = request.path("message").asText("");
        } else {
            Map<String, Object> order = newestOrder();
            email = (String) order.get("email");
            message = "Hi! Where is my order " + order.get("name") + "? Thanks.";
        }
        String requestId = "demo-wismo-" + UUID.randomUUID();
        String correlationId = UUID.randomUUID().toString();
        WismoRequest wismoRequest;
        try {
            wismoRequest = new WismoRequest(TenantId.of(demo.tenant()), requestId, email, message, correlationId);
        } catch (IllegalArgumentException e) {
            throw new DemoRequests.Refused(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
        }
        ProcessInstance instance = wismo.ask(wismoRequest);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("wismoRequestId", requestId);
        answer.put("message", message);
        answer.put("processInstanceId", instance.getId());
        answer.put("correlationId", correlationId);
        answer.put("sandbox", "/sandbox");
        answer.put("cockpit", "/camunda/app/cockpit/default/#/process-instance/" + instance.getId() + "/runtime");
        return ResponseEntity.accepted().body(answer);
    }

    @ExceptionHandler(DemoRequests.Refused.class)
    ResponseEntity<Map<String, Object>> refused(DemoRequests.Refused e) {
        return e.response();
    }

    private Map<String, Object> newestOrder() {
        List<Map<String, Object>> orders = shopify.orders(TenantId.of(demo.tenant()));
        return orders.stream()
                .max((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))))
                .orElseThrow(() -> new DemoRequests.Refused(
                        HttpStatus.NOT_FOUND,
                        "NO_ORDER",
                        "the demo store has no order yet: POST /demo/orders first, or send an email and a message"));
    }
}
