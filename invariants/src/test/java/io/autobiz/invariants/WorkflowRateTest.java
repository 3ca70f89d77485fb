package io.autobiz.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.autobiz.testing.stage.Unit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The per-workflow rate and its Wilson bound, checked against the closed form of the Wilson score interval. */
@Unit
class WorkflowRateTest {

    /** The 97.5% quantile of the standard normal distribution: a two-sided 95% interval. */
    private static final double Z = 1.959963984540054;

    @Test
    @DisplayName("P1-T32 a workflow with no runs has rate 0 and bound 0: nothing is known")
    void noRuns() {
        WorkflowRate rate = WorkflowRate.of("WF02", "payment-failure", 0, 0);

        assertThat(rate.raw()).isZero();
        assertThat(rate.wilsonLower95()).isZero();
    }

    @Test
    @DisplayName("P1-T32 all runs succeeded: rate 1, bound n/(n+z^2), below 1")
    void allPass() {
        WorkflowRate rate = WorkflowRate.of("WF01", "order-fulfill", 300, 300);

        assertThat(rate.raw()).isEqualTo(1.0);
        assertThat(rate.wilsonLower95()).isCloseTo(300 / (300 + Z * Z), within(1e-9));
        assertThat(rate.wilsonLower95()).isLessThan(1.0);
    }

    @Test
    @DisplayName("P1-T32 some runs failed: the bound is the Wilson score lower bound of k of n")
    void someFail() {
        WorkflowRate rate = WorkflowRate.of("WF03", "refund", 200, 190);

        assertThat(rate.raw()).isEqualTo(0.95);
        assertThat(rate.wilsonLower95()).isCloseTo(wilsonLower(200, 190), within(1e-9));
        assertThat(rate.wilsonLower95()).isLessThan(0.95);
    }

    @Test
    @DisplayName("P1-T32 more successes than runs is refused")
    void impossibleCounts() {
        assertThatThrownBy(() -> WorkflowRate.of("WF04", "order-cancel", 3, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double wilsonLower(int n, int k) {
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (centre - spread) / (1 + z2 / n);
    }
}
