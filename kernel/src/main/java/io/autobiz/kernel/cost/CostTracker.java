package io.autobiz.kernel.cost;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tool.ToolUsage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Prices what a tool call consumed ({@link ToolUsage}: tokens per model, provider calls) and charges it to the run and
 * tenant: {@code autobiz_cost_micros_total{tenant,workflow}} and the per-call summary
 * {@code tool_call_cost_micros{tenant,workflow,tool}} (cost per store, workflow and tool). The run's total is the sum
 * over its transcript ({@code traces.cost_micros}).
 */
public final class CostTracker {

    private final PriceTable prices;
    private final MeterRegistry meters;

    public CostTracker(PriceTable prices, MeterRegistry meters) {
        this.prices = Objects.requireNonNull(prices);
        this.meters = Objects.requireNonNull(meters);
    }

    /** The cost of one call's usage in micro-dollars; rounded up, so any token or call costs at least 1 µ$. */
    public long costOf(ToolUsage usage) {
        long micros = 0;
        for (ToolUsage.Tokens tokens : usage.tokens()) {
            PriceTable.TokenPrice price = prices.models().get(tokens.model());
            if (price == null) {
                meters.counter("cost_unpriced_total", "model", tokens.model()).increment();
                price = prices.unknownModel();
            }
            micros += ceilPerMillion(tokens.promptTokens(), price.promptPerMillion())
                    + ceilPerMillion(tokens.completionTokens(), price.completionPerMillion());
        }
        for (String provider : usage.providerCalls()) {
            micros += prices.providerCalls().getOrDefault(provider, prices.unknownProviderCall());
        }
        return micros;
    }

    /** Prices the usage and charges it to the run's tenant and workflow. */
    public long charge(RunContext run, String tool, ToolUsage usage) {
        long micros = costOf(usage);
        if (micros > 0) {
            meters.counter("autobiz_cost_micros_total", "tenant", run.tenant().value(), "workflow", run.workflow())
                    .increment(micros);
        }
        DistributionSummary.builder("tool_call_cost_micros")
                .description("what one tool call cost, in micro-dollars")
                .baseUnit("micros")
                .tag("tenant", run.tenant().value())
                .tag("workflow", run.workflow())
                .tag("tool", tool)
                .register(meters)
                .record(micros);
        return micros;
    }

    private static long ceilPerMillion(long tokens, long pricePerMillion) {
        if (tokens == 0 || pricePerMillion == 0) {
            return 0;
        }
        return Math.max(1, Math.floorDiv(Math.multiplyExact(tokens, pricePerMillion) + 999_999, 1_000_000));
    }
}
