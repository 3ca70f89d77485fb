package io.autobiz.tools.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Cancels an order ({@code orderCancel}, asynchronous: Shopify answers with a job). Money is not refunded here
 * ({@code refund: false}): WF04 voids or refunds through Stripe first, so this tool never moves money. A cancellation
 * cannot be undone.
 *
 * <p>An order Shopify has already cancelled (by the store, or by another run in a race) is what the call asks for, so
 * Shopify's refusal "already cancelled" is answered as a success, {@code alreadyCancelled: true}, without a job: the
 * receipt records that this call found the order cancelled rather than cancelled it. Any other refusal stays an error.
 *
 * <p>The intent is the order and, for reconciliation's repair, the drift it repairs ({@code reconciliationId}): Shopify
 * cancels asynchronously, so a cancel whose job failed leaves an open order and a receipt saying it was cancelled.
 * Sent again with the same intent, the kernel would replay that receipt and Shopify would never hear of it; the
 * repair's own intent makes it one new call, and a second repair of the same drift a replay.
 */
@Component
public class ShopifyOrderCancelTool implements Tool {

    static final String OPERATION = "AutoBizOrderCancel";
    private static final Pattern ALREADY_CANCELLED =
            Pattern.compile("already (been )?cancel(l)?ed", Pattern.CASE_INSENSITIVE);
    static final String MUTATION = """
            mutation AutoBizOrderCancel($orderId: ID!, $reason: OrderCancelReason!, $restock: Boolean!, \
            $notifyCustomer: Boolean, $staffNote: String) {
              orderCancel(orderId: $orderId, reason: $reason, refund: false, restock: $restock, \
            notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
                job { id done }
                orderCancelUserErrors { field message code }
              }
            }""";

    private static final ToolContract CONTRACT = ToolSchemas.contract("shopify.order.cancel", 1)
            .description("Shopify: cancel an order")
            .sideEffect(SideEffect.WRITE)
            .scope("orders:cancel")
            .timeout(Duration.ofSeconds(15))
            .intent("orderId", "reconciliationId")
            .money("amount")
            .dependency("shopify")
            .build();

    private final ShopifyGraphql shopify;

    public ShopifyOrderCancelTool(ShopifyGraphql shopify) {
        this.shopify = shopify;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws InterruptedException {
        JsonNode input = invocation.input();
        ObjectNode variables = Json.object()
                .put("orderId", input.get("orderId").asText())
                .put("reason", input.get("reason").asText())
                .put("restock", input.path("restock").asBoolean(true))
                .put("notifyCustomer", input.path("notifyCustomer").asBoolean(false));
        if (input.hasNonNull("staffNote")) {
            variables.put("staffNote", input.get("staffNote").asText());
        }
        JsonNode payload =
                shopify.execute(invocation, OPERATION, MUTATION, variables).path("orderCancel");
        ObjectNode errors = Json.object();
        errors.set("userErrors", payload.path("orderCancelUserErrors"));
        if (alreadyCancelled(errors.path("userErrors"))) {
            return Json.object()
                    .put("orderId", input.get("orderId").asText())
                    .put("jobId", "")
                    .put("done", true)
                    .put("alreadyCancelled", true);
        }
        ShopifyUserErrors.refuseIfAny("orderCancel", errors);
        JsonNode job = payload.path("job");
        return Json.object()
                .put("orderId", input.get("orderId").asText())
                .put("jobId", job.path("id").asText(""))
                .put("done", job.path("done").asBoolean(false));
    }

    /**
     * Whether Shopify refused only because the order is cancelled already. Shopify has no code of its own for it (it
     * answers {@code INVALID}), so its message is read, in either spelling.
     */
    private static boolean alreadyCancelled(JsonNode userErrors) {
        return userErrors.isArray()
                && userErrors.size() == 1
                && ALREADY_CANCELLED
                        .matcher(userErrors.get(0).path("message").asText(""))
                        .find();
    }
}
