package io.autobiz.tools.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.exception.StripeException;
import com.stripe.model.tax.Calculation;
import com.stripe.net.RequestOptions;
import com.stripe.param.tax.CalculationCreateParams;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Calculates tax with Stripe Tax ({@code POST /v1/tax/calculations}). A calculation records nothing and moves no
 * money (only a tax transaction made from it would), so it is a READ: safe to repeat, nothing to compensate.
 */
@Component
public class StripeTaxCalculateTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("stripe.tax.calculate", 1)
            .description("Stripe Tax: calculate the tax of an order")
            .sideEffect(SideEffect.READ)
            .scope("tax:calculate")
            .timeout(Duration.ofSeconds(15))
            .dependency("stripe")
            .build();

    private final StripeClients stripe;

    public StripeTaxCalculateTool(StripeClients stripe) {
        this.stripe = stripe;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) {
        JsonNode input = invocation.input();
        JsonNode address = input.get("shippingAddress");
        CalculationCreateParams.CustomerDetails.Address.Builder to =
                CalculationCreateParams.CustomerDetails.Address.builder()
                        .setCountry(address.get("countryCode").asText());
        if (address.hasNonNull("postalCode")) {
            to.setPostalCode(address.get("postalCode").asText());
        }
        if (address.hasNonNull("state")) {
            to.setState(address.get("state").asText());
        }
        if (address.hasNonNull("city")) {
            to.setCity(address.get("city").asText());
        }
        if (address.hasNonNull("line1")) {
            to.setLine1(address.get("line1").asText());
        }
        CalculationCreateParams.Builder params = CalculationCreateParams.builder()
                .setCurrency(StripeClients.currency(input.get("currency").asText()))
                .setCustomerDetails(CalculationCreateParams.CustomerDetails.builder()
                        .setAddress(to.build())
                        .setAddressSource(CalculationCreateParams.CustomerDetails.AddressSource.SHIPPING)
                        .build());
        for (JsonNode item : input.get("lineItems")) {
            CalculationCreateParams.LineItem.Builder line = CalculationCreateParams.LineItem.builder()
                    .setAmount(item.get("amount").asLong())
                    .setReference(item.get("reference").asText());
            if (item.hasNonNull("quantity")) {
                line.setQuantity(item.get("quantity").asLong());
            }
            if (item.hasNonNull("taxCode")) {
                line.setTaxCode(item.get("taxCode").asText());
            }
            params.addLineItem(line.build());
        }
        if (input.hasNonNull("shippingAmount")) {
            params.setShippingCost(CalculationCreateParams.ShippingCost.builder()
                    .setAmount(input.get("shippingAmount").asLong())
                    .build());
        }
        try {
            Calculation calculation = stripe.forCall(invocation)
                    .v1()
                    .tax()
                    .calculations()
                    .create(params.build(), RequestOptions.getDefault());
            return Json.object()
                    .put("calculationId", calculation.getId() == null ? "" : calculation.getId())
                    .put("currency", calculation.getCurrency())
                    .put("amountTotal", orZero(calculation.getAmountTotal()))
                    .put("taxAmountExclusive", orZero(calculation.getTaxAmountExclusive()))
                    .put("taxAmountInclusive", orZero(calculation.getTaxAmountInclusive()));
        } catch (StripeException e) {
            throw StripeClients.failure("tax calculation", e);
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
