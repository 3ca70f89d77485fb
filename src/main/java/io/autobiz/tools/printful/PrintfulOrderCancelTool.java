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
 * Cancels an order that is not yet in production ({@code DELETE /v2/orders/{id}}; Printful refuses once it is
 * {@code inprocess}). Cancelling a cancelled order changes nothing, so a retry is harmless; it is the compensation of
 * {@code printful.order.create} and has none of its own.
 */
@Component
public class PrintfulOrderCancelTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("printful.order.cancel", 1)
            .description("Printful: cancel an order not yet in production")
            .sideEffect(SideEffect.WRITE)
            .scope("fulfilment:cancel")
            .timeout(Duration.ofSeconds(15))
            .intent("printfulOrderId")
            .dependency("printful")
            .build();

    private final PrintfulApi printful;

    public PrintfulOrderCancelTool(PrintfulApi printful) {
        this.printful = printful;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        long id = invocation.input().get("printfulOrderId").asLong();
        JsonNode canceled = printful.delete(invocation, "/v2/orders/" + id);
        return Json.object()
                .put("printfulOrderId", canceled.path("id").asLong(id))
                .put("status", canceled.path("status").asText("canceled"));
    }
}
