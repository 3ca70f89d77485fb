package io.autobiz.kernel.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.tool.ToolUsage;
import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class CostTrackerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PriceTable prices = new PriceTable(
            Map.of("gpt-test-pinned", new PriceTable.TokenPrice(1_000_000, 2_000_000)),
            Map.of("stripe", 50L),
            new PriceTable.TokenPrice(9_000_000, 9_000_000),
            70L);
    private final CostTracker costs = new CostTracker(prices, meters);

    @Test
    @DisplayName("P1-T10 tokens are priced per pinned model and provider calls per provider")
    void pricesTokensAndCalls() {
        ToolUsage usage = new ToolUsage();
        usage.recordTokens("gpt-test-pinned", 1_000, 500); // 1000 µ$ + 1000 µ$
        usage.recordProviderCall("stripe"); // 50 µ$
        usage.recordProviderCall("printful"); // unknown provider: 70 µ$

        assertThat(costs.costOf(usage)).isEqualTo(2_120);
    }

    @Test
    @DisplayName("P1-T10 an unpriced model still costs more than zero and is counted")
    void unknownModelIsNeverFree() {
        ToolUsage usage = new ToolUsage();
        usage.recordTokens("gpt-unpinned", 1, 0);

        assertThat(costs.costOf(usage)).isPositive();
        assertThat(meters.counter("cost_unpriced_total", "model", "gpt-unpinned")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T10 a price table that would make a provider call free is refused")
    void freeProviderCallsAreRefused() {
        assertThatThrownBy(() -> new PriceTable(Map.of(), Map.of("stripe", 0L), new PriceTable.TokenPrice(1, 1), 1L))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
