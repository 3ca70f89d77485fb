package io.autobiz.kernel.cost;

import io.autobiz.kernel.KernelApi;
import java.util.Map;
import java.util.Objects;

/**
 * What things cost, in micro-dollars.
 *
 * @param models per pinned model: prompt and completion price per million tokens
 * @param providerCalls per provider (stripe, shopify, ...): the price of one API call
 * @param unknownModel charged per million tokens for a model missing from the table, so an unpriced model never
 *     costs zero (and is counted, {@code cost_unpriced_total})
 * @param unknownProviderCall charged per call for a provider missing from the table
 */
@KernelApi
public record PriceTable(
        Map<String, TokenPrice> models,
        Map<String, Long> providerCalls,
        TokenPrice unknownModel,
        long unknownProviderCall) {

    /** Micro-dollars per million tokens. */
    public record TokenPrice(long promptPerMillion, long completionPerMillion) {
        public TokenPrice {
            if (promptPerMillion < 0 || completionPerMillion < 0) {
                throw new IllegalArgumentException("prices cannot be negative");
            }
        }
    }

    public PriceTable {
        models = Map.copyOf(models);
        providerCalls = Map.copyOf(providerCalls);
        Objects.requireNonNull(unknownModel, "unknownModel");
        if (unknownProviderCall <= 0 || providerCalls.values().stream().anyMatch(p -> p <= 0)) {
            throw new IllegalArgumentException("every provider call must have a positive price");
        }
        if (unknownModel.promptPerMillion() <= 0 || unknownModel.completionPerMillion() <= 0) {
            throw new IllegalArgumentException("the price of an unknown model must be positive");
        }
    }

    /**
     * Defaults, our reading of public list prices (November 2026 figures are not known to us: configure real ones in
     * {@code autobiz.cost}). Provider calls are priced at a nominal 100 µ$ as the cost of a call, not the provider's fee.
     */
    public static PriceTable defaults() {
        return new PriceTable(
                Map.of(
                        "gpt-4o-mini-2024-07-18", new TokenPrice(150_000, 600_000),
                        "gpt-4o-2024-08-06", new TokenPrice(2_500_000, 10_000_000),
                        "template", new TokenPrice(1_000, 1_000)),
                Map.of("stripe", 100L, "shopify", 100L, "printful", 100L, "sendgrid", 100L, "slack", 100L),
                new TokenPrice(10_000_000, 30_000_000),
                100L);
    }
}
