package io.autobiz.tools.printful;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Reads a Printful order's status (WF05's and WF06's ground truth), by Printful's ID or by the store's external ID
 * (Printful's {@code @<external_id>} form, how WF05 finds the Printful order of a Shopify order). A read; safe to repeat.
 */
@Component
public class PrintfulOrderGetTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("printful.order.get", 1)
            .description("Printful: get an order")
            .sideEffect(SideEffect.READ)
            .scope("fulfilment:read")
            .timeout(Duration.ofSeconds(10))
            .dependency("printful")
            .build();

    private final PrintfulApi printful;

    public PrintfulOrderGetTool(PrintfulApi printful) {
        this.printful = printful;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        JsonNode input = invocation.input();
        String reference = input.has("printfulOrderId")
                ? input.get("printfulOrderId").asText()
                : "@" + input.get("externalId").asText();
        JsonNode order = printful.get(invocation, "/v2/orders/" + reference);
        ObjectNode output = Json.object()
                .put(
                        "printfulOrderId",
                        order.path("id").asLong(input.path("printfulOrderId").asLong()))
                .put("status", order.path("status").asText());
        if (order.hasNonNull("external_id")) {
            output.put("externalId", order.get("external_id").asText());
        }
        return output;
    }
}
