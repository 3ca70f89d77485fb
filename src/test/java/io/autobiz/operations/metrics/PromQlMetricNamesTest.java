package io.autobiz.operations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Hygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The PromQL reader OperationsMetricsIT relies on: it must find every metric and nothing else. */
@Hygiene
class PromQlMetricNamesTest {

    @Test
    @DisplayName("P1-TASK-27 metric names are read from PromQL, not functions, labels, ranges, numbers or strings")
    void readsMetricNamesOnly() {
        assertThat(OpsArtifacts.metricNames("sum by (workflow) (increase(run_cost_micros_sum{tenant=~\"$tenant\"}[1h]))"
                        + " / sum by (workflow) (increase(run_cost_micros_count{tenant=~\"a|b\"}[1h])) / 1e6"))
                .containsExactly("run_cost_micros_count", "run_cost_micros_sum");
        assertThat(OpsArtifacts.metricNames(
                        "(max_over_time(golden_suite_pass_rate[7d]) - golden_suite_pass_rate) > 0.05"))
                .containsExactly("golden_suite_pass_rate");
        assertThat(OpsArtifacts.metricNames("max by (dependency) (circuit_breaker_state) == 1 and on (x) up"))
                .containsExactly("circuit_breaker_state", "up");
        assertThat(OpsArtifacts.metricNames("label_values(workflow_completion_total, tenant)"))
                .containsExactly("workflow_completion_total");
        assertThat(OpsArtifacts.metricNames(
                        "sum without (instance) (rate(kernel_refusal_total{code=\"SCHEMA_INVALID\"}[5m] offset 1h))"))
                .containsExactly("kernel_refusal_total");
    }
}
