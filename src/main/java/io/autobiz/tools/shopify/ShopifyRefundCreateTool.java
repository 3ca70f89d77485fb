package io.autobiz.tools.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ExternalKeys;
import io.autobiz.tools.ToolSchemas;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import org.springframework.stereotype.Component;

/**
 * Records on the Shopify order a refund that Stripe already paid out ({@code refundCreate} with a manual transaction,
 * so Shopify moves no money itself). Sent with the {@code @idempotent(key:)} directive and the kernel's external key,
 * so a retried step records it once; without one (an older kernel) a key is derived from the call's intent ({@link
 * ExternalKeys}). The record is not compensated: a wrong one is corrected by reconciliation.
 */
@Component
public class ShopifyRefundCreateTool implements Tool {

    static final String OPERATION = "AutoBizRefundCreate";
    static final String MUTATION = """
            mutation AutoBizRefundCreate($input: RefundInput!, $idempotencyKey: String!) {
              refundCreate(input: $input) @idempotent(key: $idempotencyKey) {
                refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
                userErrors { field message }
              }
            }""";

    private static final ToolContract CONTRACT = ToolSchemas.contract("shopify.refund.create", 1)
            .description("Shopify: record a refund paid through Stripe")
            .sideEffect(SideEffect.WRITE)
            .scope("orders:refund")
            .timeout(Duration.ofSeconds(15))
            .intent("orderId", "amount", "reference")
            .dependency("shopify")
            .build();

    private final ShopifyGraphql shopify;

    public ShopifyRefundCreateTool(ShopifyGraphql shopify) {
        this.shopify = shopify;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        JsonNode input = invocation.input();
        String orderId = input.get("orderId").asText();
        String currency = input.get("currency").asText();
        String amount = decimal(input.get("amount").asLong(), currency);
        ObjectNode refund = Json.object()
                .put("orderId", orderId)
                .put(
                        "note",
                        input.path("note")
                                .asText("Refunded through Stripe, reference "
                                        + input.get("reference").asText()))
                .put("notify", false);
        ArrayNode transactions = refund.putArray("transactions");
        ObjectNode transaction = transactions
                .addObject()
                .put("orderId", orderId)
                .put("kind", "REFUND")
                .put("gateway", "stripe")
                .put("amount", amount);
        if (input.hasNonNull("parentTransactionId")) {
            transaction.put("parentId", input.get("parentTransactionId").asText());
        }
        ObjectNode variables = Json.object();
        variables.set("input", refund);
        variables.put("idempotencyKey", ExternalKeys.of(invocation, CONTRACT));
        JsonNode payload =
                shopify.execute(invocation, OPERATION, MUTATION, variables).path("refundCreate");
        ShopifyUserErrors.refuseIfAny("refundCreate", payload);
        JsonNode recorded = payload.path("refund");
        JsonNode money = recorded.path("totalRefundedSet").path("shopMoney");
        return Json.object()
                .put("refundId", recorded.path("id").asText())
                .put("orderId", orderId)
                .put(
                        "amount",
                        ShopifyOrderGetTool.minorUnits(money.path("amount").asText(amount), currency))
                .put("currency", money.path("currencyCode").asText(currency));
    }

    /** AutoBiz counts minor units; Shopify's Decimal is a string ("12.50"). */
    static String decimal(long minor, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }
}
