package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.printful.PrintfulSandbox;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /demo/fulfilment-problems}: the Printful sandbox puts a demo order on hold and sends its signed {@code
 * order_put_hold} webhook, so WF06 starts the way it does in production (ingress, processor, correlator). The body may
 * name the {@code printfulOrderId} and a {@code reason}; an empty body picks the newest order still in production.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoFulfilmentProblemController {

    private static final Set<String> HOLDABLE = Set.of("draft", "pending", "inprocess", "failed", "onhold");

    private final PrintfulSandbox printful;

    private final TenantId store;

    DemoFulfilmentProblemController(DemoProperties demo, PrintfulSandbox printful) {
        this.printful = printful;
        this.store = TenantId.of(demo.tenant());
    }

    @PostMapping(path = "/demo/fulfilment-problems")
    ResponseEntity<Map<String, Object>> report(@RequestBody(required = false) String body) {
        JsonNode request = DemoRequests.object(body);
        Map<String, Object> order = request.has("printfulOrderId")
                ? orderNamed(request.get("printfulOrderId"))
                : printful.orders(store).stream()
                        .filter(o -> HOLDABLE.contains(String.valueOf(o.get("status"))))
                        .max(Comparator.comparingLong(o -> ((Number) o.get("id")).longValue()))
                        .orElseThrow(() -> new DemoRequests.Refused(
                                HttpStatus.NOT_FOUND,
                                "NO_ORDER_IN_PRODUCTION",
                                "no demo order is at Printful and not yet shipped: POST /demo/orders first"));
        if (!HOLDABLE.contains(String.valueOf(order.get("status")))) {
            throw new DemoRequests.Refused(
                    HttpStatus.CONFLICT,
                    "NOT_HOLDABLE",
                    "Printful order " + order.get("id") + " is " + order.get("status") + " and cannot be put on hold");
        }
        String reason = request.path("reason").asText("the print file's resolution is too low");
        long id = ((Number) order.get("id")).longValue();
        printful.putOnHold(store, id, reason);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("printfulOrderId", id);
        answer.put("externalId", order.get("external_id"));
        answer.put("event", "order_put_hold");
        answer.put("reason", reason);
        answer.put(
                "next",
                "the signed webhook is on its way; WF06 (fulfillment-exception) starts when it is processed and reads"
                        + " the order again after 5, 15 and 45 minutes before it escalates");
        answer.put("cockpit", "/camunda/app/cockpit/default/#/processes");
        return ResponseEntity.accepted().body(answer);
    }

    @ExceptionHandler(DemoRequests.Refused.class)
    ResponseEntity<Map<String, Object>> refused(DemoRequests.Refused e) {
        return e.response();
    }

    private Map<String, Object> orderNamed(JsonNode id) {
        if (!id.canConvertToLong() || id.asLong() <= 0) {
            throw new DemoRequests.Refused(
                    HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "printfulOrderId must be a positive number");
        }
        return printful.orders(store).stream()
                .filter(o -> ((Number) o.get("id")).longValue() == id.asLong())
                .findFirst()
                .orElseThrow(() -> new DemoRequests.Refused(
                        HttpStatus.NOT_FOUND, "NO_SUCH_ORDER", "the Printful sandbox has no order " + id.asLong()));
    }
}
