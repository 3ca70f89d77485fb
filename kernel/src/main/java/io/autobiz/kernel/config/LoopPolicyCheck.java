package io.autobiz.kernel.config;

import io.autobiz.kernel.config.BusinessConfig.LoopPolicy;
import java.util.List;

/** Loop thresholds must leave room to work: a window of at least two calls, limits of at least one. */
final class LoopPolicyCheck {

    private LoopPolicyCheck() {}

    static void check(LoopPolicy loops, List<ConfigViolation> out) {
        if (loops.window() < 2 || loops.window() > 200) {
            out.add(new ConfigViolation("CC-02", "loops.window", "must be between 2 and 200, is " + loops.window()));
        }
        if (loops.maxIdenticalCalls() < 1) {
            out.add(new ConfigViolation("CC-02", "loops.maxIdenticalCalls", "must be at least 1"));
        }
        if (loops.maxSequenceRepeats() < 1) {
            out.add(new ConfigViolation("CC-02", "loops.maxSequenceRepeats", "must be at least 1"));
        }
        for (int i = 0; i < loops.retryAllowlist().size(); i++) {
            BusinessConfig.RetryAllowance allowance = loops.retryAllowlist().get(i);
            if (allowance.tool() == null || allowance.tool().isBlank() || allowance.maxIdenticalCalls() < 1) {
                out.add(new ConfigViolation(
                        "CC-02",
                        "loops.retryAllowlist[" + i + "]",
                        "needs a tool pattern and maxIdenticalCalls of at least 1"));
            }
        }
    }
}
