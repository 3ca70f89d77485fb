package io.autobiz.tools.printful;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Creates a draft Printful order for a Shopify order. Drafts cost nothing until confirmed; the order's
 * {@code external_id} is unique per store, so a retried creation cannot make a second order. Compensated by
 * cancelling the draft.
 */
@Component
public class PrintfulOrderCreateTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("printful.order.create", 1)
            .description("Printful: create a draft order")
            .sideEffect(SideEffect.WRITE)
            .scope("fulfilment:create")
            .timeout(Duration.ofSeconds(15))
            .intent("externalId")
            .dependency("printful")
            .build();

    private final PrintfulApi printful;

    public PrintfulOrderCreateTool(PrintfulApi printful) {
        this.printful = printful;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        JsonNode input = invocation.input();
        ObjectNode order = Json.object()
                .put("external_id", input.get("externalId").asText())
                .put("shipping", "STANDARD");
        JsonNode recipient = input.get("recipient");
        ObjectNode to = order.putObject("recipient")
                .put("name", recipient.get("name").asText())
                .put("address1", recipient.get("address1").asText())
                .put("city", recipient.get("city").asText())
                .put("zip", recipient.get("zip").asText())
                .put("country_code", recipient.get("countryCode").asText());
        if (recipient.hasNonNull("address2")) {
            to.put("address2", recipient.get("address2").asText());
        }
        if (recipient.hasNonNull("provinceCode")) {
            to.put("state_code", recipient.get("provinceCode").asText());
        }
        ArrayNode items = order.putArray("order_items");
        for (JsonNode item : input.get("items")) {
            String sku = item.get("sku").asText();
            Integer variant = printful.catalogVariantOf(invocation, sku);
            if (variant == null) {
                throw KernelError.of(
                        ErrorCode.PROVIDER_REJECTED,
                        "SKU " + sku + " has no Printful catalog variant configured for tenant " + invocation.tenant(),
                        Map.of("provider", "printful", "sku", sku));
            }
            items.addObject()
                    .put("source", "catalog")
                    .put("catalog_variant_id", variant)
                    .put("quantity", item.get("quantity").asInt());
        }
        JsonNode created = printful.post(invocation, "/v2/orders", order);
        return Json.object()
                .put("printfulOrderId", created.path("id").asLong())
                .put("status", created.path("status").asText());
    }
}
