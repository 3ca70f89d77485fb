package io.autobiz.tools.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.param.RefundCreateParams;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Refunds a captured payment, in full or in part: money leaves the store, so it is FINANCIAL and needs an approval
 * bound to these arguments. Idempotent through Stripe's Idempotency-Key (a retried step cannot refund twice); a refund
 * cannot be undone, so there is no compensation, only reconciliation.
 */
@Component
public class StripeRefundTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("stripe.refund.create", 1)
            .description("Stripe: refund a captured payment")
            .sideEffect(SideEffect.FINANCIAL)
            .scope("payments:refund")
            .timeout(Duration.ofSeconds(20))
            .intent("paymentIntentId", "amount", "reference")
            .dependency("stripe")
            .money("amount")
            .build();

    private final StripeClients stripe;

    public StripeRefundTool(StripeClients stripe) {
        this.stripe = stripe;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) {
        JsonNode input = invocation.input();
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setPaymentIntent(input.get("paymentIntentId").asText())
                .setAmount(input.get("amount").asLong())
                .putMetadata("reference", input.get("reference").asText());
        if (input.hasNonNull("reason")) {
            params.setReason(RefundCreateParams.Reason.valueOf(
                    input.get("reason").asText().toUpperCase(Locale.ROOT)));
        }
        try {
            Refund refund = stripe.forCall(invocation)
                    .v1()
                    .refunds()
                    .create(params.build(), StripeClients.options(invocation, CONTRACT));
            return Json.object()
                    .put("refundId", refund.getId())
                    .put("paymentIntentId", refund.getPaymentIntent())
                    .put("status", refund.getStatus())
                    .put("amount", refund.getAmount() == null ? 0 : refund.getAmount())
                    .put("currency", refund.getCurrency());
        } catch (StripeException e) {
            throw StripeClients.failure("refund", e);
        }
    }
}
