package io.autobiz.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One gate's verdict.
 *
 * @param rawPassRate k / n (0 without trials)
 * @param wilsonLowerBound the Wilson score lower bound of the pass rate at 95 % confidence (0 without trials)
 * @param threshold what the rule compares with: the raw rate for {@link Gate.Rule#ALL_PASS}, the lower bound for
 *     {@link Gate.Rule#WILSON_LOWER_BOUND}
 * @param failures the failed trials' names
 */
public record GateResult(
        String gate,
        Gate.Rule rule,
        int n,
        int k,
        @JsonProperty("raw_pass_rate") double rawPassRate,
        @JsonProperty("wilson_lower_bound") double wilsonLowerBound,
        double threshold,
        boolean passed,
        List<String> failures) {

    public GateResult {
        failures = List.copyOf(failures);
    }
}
