package io.autobiz.tools.printful;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Reads an order's shipments with carrier and tracking ({@code GET /v2/orders/{id}/shipments}). A read. */
@Component
public class PrintfulShipmentsGetTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("printful.shipments.get", 1)
            .description("Printful: get an order's shipments and tracking")
            .sideEffect(SideEffect.READ)
            .scope("fulfilment:read")
            .timeout(Duration.ofSeconds(10))
            .dependency("printful")
            .build();

    private final PrintfulApi printful;

    public PrintfulShipmentsGetTool(PrintfulApi printful) {
        this.printful = printful;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        long id = invocation.input().get("printfulOrderId").asLong();
        JsonNode shipments = printful.get(invocation, "/v2/orders/" + id + "/shipments");
        ObjectNode output = Json.object().put("printfulOrderId", id);
        ArrayNode list = output.putArray("shipments");
        for (JsonNode shipment : shipments) {
            ObjectNode item = list.addObject()
                    .put("id", shipment.path("id").asLong())
                    .put("status", shipment.path("shipment_status").asText(""));
            copy(shipment, "carrier", item, "carrier");
            copy(shipment, "service", item, "service");
            copy(shipment, "tracking_number", item, "trackingNumber");
            copy(shipment, "tracking_url", item, "trackingUrl");
            copy(shipment, "shipped_at", item, "shippedAt");
        }
        return output;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String name) {
        if (from.hasNonNull(field)) {
            to.put(name, from.get(field).asText());
        }
    }
}
