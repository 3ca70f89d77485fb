package io.autobiz.tools.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Authorises a payment: a PaymentIntent with {@code capture_method=manual}, confirmed with the customer's payment
 * method, which holds the amount until captured or voided. Idempotent through Stripe's Idempotency-Key; compensated by
 * {@code stripe.payment.void}.
 */
@Component
public class StripeAuthorizeTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("stripe.payment.authorize", 1)
            .description("Stripe: authorise a payment (manual capture)")
            .sideEffect(SideEffect.WRITE)
            .scope("payments:authorize")
            .timeout(Duration.ofSeconds(20))
            .intent("orderId", "amount", "currency")
            .dependency("stripe")
            .build();

    private final StripeClients stripe;

    public StripeAuthorizeTool(StripeClients stripe) {
        this.stripe = stripe;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) {
        JsonNode input = invocation.input();
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(input.get("amount").asLong())
                .setCurrency(StripeClients.currency(input.get("currency").asText()))
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setPaymentMethod(input.get("paymentMethodId").asText())
                .setConfirm(true)
                .putMetadata("order_id", input.get("orderId").asText());
        if (input.hasNonNull("customerId")) {
            params.setCustomer(input.get("customerId").asText());
        }
        try {
            PaymentIntent intent = stripe.forCall(invocation)
                    .v1()
                    .paymentIntents()
                    .create(params.build(), StripeClients.options(invocation, CONTRACT));
            return StripePaymentGetTool.toOutput(intent);
        } catch (StripeException e) {
            throw StripeClients.failure("authorize", e);
        }
    }
}
