package io.autobiz.tools.shopify;

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
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads one order, by its GID or by the name a customer quotes: who to mail, what to print, where to ship, how much
 * was paid and whether it is cancelled ({@code cancelledAt}; reconciliation checks the orders AutoBiz cancelled). A
 * read; safe to repeat.
 */
@Component
public class ShopifyOrderGetTool implements Tool {

    static final String OPERATION = "AutoBizOrderGet";
    static final String BY_NAME_OPERATION = "AutoBizOrderByName";
    private static final String FIELDS = """
                id
                name
                email
                displayFinancialStatus
                cancelledAt
                totalPriceSet { shopMoney { amount currencyCode } }
                lineItems(first: 100) { nodes { sku title quantity } }
                shippingAddress { name address1 address2 city provinceCode zip countryCodeV2 }""";
    static final String QUERY = """
            query AutoBizOrderGet($id: ID!) {
              order(id: $id) {
            %s
              }
            }""".formatted(FIELDS);
    /** A customer quotes the name (#1001), not the GID; the orders search finds it by name. */
    static final String BY_NAME_QUERY = """
            query AutoBizOrderByName($query: String!) {
              orders(first: 1, query: $query) {
                nodes {
            %s
                }
              }
            }""".formatted(FIELDS);

    private static final ToolContract CONTRACT = ToolSchemas.contract("shopify.order.get", 1)
            .description("Shopify: get an order")
            .sideEffect(SideEffect.READ)
            .scope("orders:read")
            .timeout(Duration.ofSeconds(10))
            .dependency("shopify")
            .build();

    private final ShopifyGraphql shopify;

    public ShopifyOrderGetTool(ShopifyGraphql shopify) {
        this.shopify = shopify;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        JsonNode input = invocation.input();
        JsonNode order;
        String reference;
        if (input.has("orderId")) {
            reference = input.get("orderId").asText();
            order = shopify.execute(invocation, OPERATION, QUERY, Json.object().put("id", reference))
                    .path("order");
        } else {
            reference = input.get("orderName").asText();
            order = shopify.execute(
                            invocation,
                            BY_NAME_OPERATION,
                            BY_NAME_QUERY,
                            Json.object().put("query", "name:" + reference))
                    .path("orders")
                    .path("nodes")
                    .path(0);
        }
        if (order.isMissingNode() || order.isNull()) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_REJECTED,
                    "shopify has no order " + reference,
                    Map.of("provider", "shopify", "order", reference));
        }
        return toOutput(order);
    }

    private static ObjectNode toOutput(JsonNode order) {
        JsonNode money = order.path("totalPriceSet").path("shopMoney");
        String currency = money.path("currencyCode").asText();
        ObjectNode output = Json.object()
                .put("orderId", order.path("id").asText())
                .put("name", order.path("name").asText())
                .put("email", order.path("email").asText(""))
                .put("currency", currency)
                .put("totalAmount", minorUnits(money.path("amount").asText("0"), currency))
                .put("financialStatus", order.path("displayFinancialStatus").asText(""))
                .put("cancelled", order.path("cancelledAt").isTextual());
        putIfPresent(output, "cancelledAt", order.path("cancelledAt"));
        ArrayNode items = output.putArray("lineItems");
        for (JsonNode item : order.path("lineItems").path("nodes")) {
            items.addObject()
                    .put("sku", item.path("sku").asText(""))
                    .put("title", item.path("title").asText(""))
                    .put("quantity", item.path("quantity").asInt());
        }
        JsonNode address = order.path("shippingAddress");
        ObjectNode shipping = output.putObject("shippingAddress")
                .put("name", address.path("name").asText(""))
                .put("address1", address.path("address1").asText(""))
                .put("city", address.path("city").asText(""))
                .put("zip", address.path("zip").asText(""))
                .put("countryCode", address.path("countryCodeV2").asText(""));
        putIfPresent(shipping, "address2", address.path("address2"));
        putIfPresent(shipping, "provinceCode", address.path("provinceCode"));
        return output;
    }

    /** Shopify sends decimal strings ("25.00"); AutoBiz counts money in the currency's minor unit. */
    static long minorUnits(String amount, String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return new BigDecimal(amount).movePointRight(Math.max(digits, 0)).longValueExact();
    }

    private static void putIfPresent(ObjectNode target, String field, JsonNode value) {
        if (value.isTextual() && !value.asText().isEmpty()) {
            target.put(field, value.asText());
        }
    }
}
