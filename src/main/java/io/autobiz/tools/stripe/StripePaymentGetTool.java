package io.autobiz.tools.stripe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentRetrieveParams;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Reads a PaymentIntent as Stripe holds it now (reconciliation's provider truth, and WF01's proof that the payment is
 * its order's). A read; safe to repeat. The latest charge is expanded ({@code expand[]=latest_charge}) because a
 * PaymentIntent does not carry what was refunded: its charge's {@code amount_refunded} is {@code amountRefunded} (0
 * while there is no charge). {@code orderId} is the order the intent was created for, from its metadata.
 */
@Component
public class StripePaymentGetTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("stripe.payment.get", 1)
            .description("Stripe: get a payment")
            .sideEffect(SideEffect.READ)
            .scope("payments:read")
            .timeout(Duration.ofSeconds(10))
            .dependency("stripe")
            .build();

    private final StripeClients stripe;

    public StripePaymentGetTool(StripeClients stripe) {
        this.stripe = stripe;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) {
        String id = invocation.input().get("paymentIntentId").asText();
        try {
            PaymentIntent intent = stripe.forCall(invocation)
                    .v1()
                    .paymentIntents()
                    .retrieve(
                            id,
                            PaymentIntentRetrieveParams.builder()
                                    .addExpand("latest_charge")
                                    .build(),
                            RequestOptions.getDefault());
            // Only this read expands the charge; the writes that share toOutput answer without a refunded amount.
            ObjectNode output = toOutput(intent).put("amountRefunded", amountRefunded(intent));
            orderOf(intent).ifPresent(order -> output.put("orderId", order));
            return output;
        } catch (StripeException e) {
            throw StripeClients.failure("retrieve", e);
        }
    }

    static ObjectNode toOutput(PaymentIntent intent) {
        return Json.object()
                .put("paymentIntentId", intent.getId())
                .put("status", intent.getStatus())
                .put("amount", orZero(intent.getAmount()))
                .put("amountCapturable", orZero(intent.getAmountCapturable()))
                .put("amountReceived", orZero(intent.getAmountReceived()))
                .put("currency", intent.getCurrency())
                .put("livemode", Boolean.TRUE.equals(intent.getLivemode()));
    }

    /**
     * The order the intent was created for: metadata {@code order_id}, as {@code stripe.payment.authorize} writes it,
     * else {@code shopify_order}, as the demo storefront does; empty when it names none.
     */
    static Optional<String> orderOf(PaymentIntent intent) {
        Map<String, String> metadata = intent.getMetadata();
        if (metadata == null) {
            return Optional.empty();
        }
        return Stream.of(metadata.get("order_id"), metadata.get("shopify_order"))
                .filter(value -> value != null && !value.isBlank())
                .findFirst();
    }

    /** What Stripe refunded of the payment: the latest (the successful) charge's {@code amount_refunded}. */
    private static long amountRefunded(PaymentIntent intent) {
        Charge charge = intent.getLatestChargeObject();
        return charge == null ? 0 : orZero(charge.getAmountRefunded());
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
