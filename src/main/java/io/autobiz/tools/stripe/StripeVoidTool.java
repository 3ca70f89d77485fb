package io.autobiz.tools.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCancelParams;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Voids an authorisation (cancels a PaymentIntent in {@code requires_capture}): the customer's hold is released and
 * no money moves. Idempotent through Stripe's Idempotency-Key; it is itself the compensation of an authorisation and
 * has none of its own.
 */
@Component
public class StripeVoidTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("stripe.payment.void", 1)
            .description("Stripe: void an authorised payment")
            .sideEffect(SideEffect.WRITE)
            .scope("payments:void")
            .timeout(Duration.ofSeconds(15))
            .intent("paymentIntentId")
            .dependency("stripe")
            .build();

    private final StripeClients stripe;

    public StripeVoidTool(StripeClients stripe) {
        this.stripe = stripe;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) {
        JsonNode input = invocation.input();
        PaymentIntentCancelParams.Builder params = PaymentIntentCancelParams.builder();
        if (input.hasNonNull("reason")) {
            params.setCancellationReason(PaymentIntentCancelParams.CancellationReason.valueOf(
                    input.get("reason").asText().toUpperCase(java.util.Locale.ROOT)));
        }
        try {
            PaymentIntent intent = stripe.forCall(invocation)
                    .v1()
                    .paymentIntents()
                    .cancel(
                            input.get("paymentIntentId").asText(),
                            params.build(),
                            StripeClients.options(invocation, CONTRACT));
            return StripePaymentGetTool.toOutput(intent);
        } catch (StripeException e) {
            throw StripeClients.failure("void", e);
        }
    }
}
