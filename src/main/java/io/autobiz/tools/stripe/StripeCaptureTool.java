package io.autobiz.tools.stripe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCaptureParams;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Captures an authorised PaymentIntent, in full or in part. WRITE rather than FINANCIAL: it settles money the customer
 * already authorised and can never exceed that authorisation. Idempotent through Stripe's Idempotency-Key;
 * compensated by voiding the authorisation when fulfilment cannot be created.
 */
@Component
public class StripeCaptureTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("stripe.payment.capture", 1)
            .description("Stripe: capture an authorised payment")
            .sideEffect(SideEffect.WRITE)
            .scope("payments:capture")
            .timeout(Duration.ofSeconds(15))
            .intent("paymentIntentId", "amount")
            .dependency("stripe")
            .build();

    private final StripeClients stripe;

    public StripeCaptureTool(StripeClients stripe) {
        this.stripe = stripe;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) {
        String id = invocation.input().get("paymentIntentId").asText();
        PaymentIntentCaptureParams.Builder params = PaymentIntentCaptureParams.builder();
        if (invocation.input().hasNonNull("amount")) {
            params.setAmountToCapture(invocation.input().get("amount").asLong());
        }
        try {
            PaymentIntent captured = stripe.forCall(invocation)
                    .v1()
                    .paymentIntents()
                    .capture(id, params.build(), StripeClients.options(invocation, CONTRACT));
            return Json.object()
                    .put("paymentIntentId", captured.getId())
                    .put("status", captured.getStatus())
                    .put("amountReceived", captured.getAmountReceived() == null ? 0 : captured.getAmountReceived())
                    .put("currency", captured.getCurrency());
        } catch (StripeException e) {
            throw StripeClients.failure("capture", e);
        }
    }
}
