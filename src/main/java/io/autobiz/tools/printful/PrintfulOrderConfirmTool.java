package io.autobiz.tools.printful;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import io.autobiz.tools.guard.SandboxGuard;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Confirms a draft order: from here Printful produces it and charges the store. Confirming an order that is already
 * confirmed changes nothing, so a retry is harmless. Against the real Printful only a live store that allows real
 * fulfilment may confirm (the sandbox guard); every other store's orders stay drafts.
 */
@Component
public class PrintfulOrderConfirmTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("printful.order.confirm", 1)
            .description("Printful: confirm a draft order for production")
            .sideEffect(SideEffect.WRITE)
            .scope("fulfilment:confirm")
            .timeout(Duration.ofSeconds(15))
            .intent("printfulOrderId", "reference")
            .dependency("printful")
            .build();

    private final PrintfulApi printful;
    private final SandboxGuard guard;

    public PrintfulOrderConfirmTool(PrintfulApi printful, SandboxGuard guard) {
        this.printful = printful;
        this.guard = guard;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        guard.requireFulfilmentAllowed(invocation.tenant());
        long id = invocation.input().get("printfulOrderId").asLong();
        JsonNode confirmed = printful.post(invocation, "/v2/orders/" + id + "/confirmation", Json.object());
        return Json.object()
                .put("printfulOrderId", confirmed.path("id").asLong(id))
                .put("status", confirmed.path("status").asText());
    }
}
