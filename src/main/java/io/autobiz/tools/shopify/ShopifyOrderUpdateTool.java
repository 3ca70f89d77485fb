package io.autobiz.tools.shopify;

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

/**
 * Sets an order's tags and note ({@code orderUpdate}). Setting the same values twice leaves the same order, so a retry
 * is harmless; compensated by setting the previous values, which the output returns.
 */
@Component
public class ShopifyOrderUpdateTool implements Tool {

    static final String OPERATION = "AutoBizOrderUpdate";
    static final String MUTATION = """
            mutation AutoBizOrderUpdate($input: OrderInput!) {
              orderUpdate(input: $input) {
                order { id tags note }
                userErrors { field message }
              }
            }""";

    private static final ToolContract CONTRACT = ToolSchemas.contract("shopify.order.update", 1)
            .description("Shopify: set an order's tags and note")
            .sideEffect(SideEffect.WRITE)
            .scope("orders:write")
            .timeout(Duration.ofSeconds(10))
            .intent("orderId", "tags", "note")
            .dependency("shopify")
            .build();

    private final ShopifyGraphql shopify;

    public ShopifyOrderUpdateTool(ShopifyGraphql shopify) {
        this.shopify = shopify;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        JsonNode input = invocation.input();
        ObjectNode order = Json.object().put("id", input.get("orderId").asText());
        if (input.has("tags")) {
            order.set("tags", input.get("tags").deepCopy());
        }
        if (input.has("note")) {
            order.put("note", input.get("note").asText());
        }
        ObjectNode variables = Json.object();
        variables.set("input", order);
        JsonNode payload =
                shopify.execute(invocation, OPERATION, MUTATION, variables).path("orderUpdate");
        ShopifyUserErrors.refuseIfAny("orderUpdate", payload);
        JsonNode updated = payload.path("order");
        ObjectNode output = Json.object().put("orderId", updated.path("id").asText());
        ArrayNode tags = output.putArray("tags");
        updated.path("tags").forEach(tag -> tags.add(tag.asText()));
        output.put("note", updated.path("note").asText(""));
        return output;
    }
}
