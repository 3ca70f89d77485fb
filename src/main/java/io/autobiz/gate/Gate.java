package io.autobiz.gate;

import java.util.Set;

/**
 * The gates a candidate must clear (INV-08). P0 gates need every trial to pass; the P1 golden gate needs the Wilson
 * score lower bound of its pass rate at 95 % confidence to reach 0.95, so a few flaky trials among many may pass but a
 * handful of trials with no failure may not.
 */
public enum Gate {
    /** The hygiene tests (P1-H01..H10): 100 %. */
    HYGIENE("hygiene", Rule.ALL_PASS),
    /** Every other test of the build (unit and integration): 100 %. */
    P0_TESTS("p0_tests", Rule.ALL_PASS),
    /** Golden-suite runs of the P0 workflows WF01–WF04: 100 %. */
    GOLDEN_P0_WORKFLOWS("golden_p0_workflows", Rule.ALL_PASS),
    /** Golden-suite runs of the P1 workflows WF05–WF07: Wilson lower bound at least 0.95. */
    GOLDEN_P1_WORKFLOWS("golden_p1_workflows", Rule.WILSON_LOWER_BOUND);

    /** How a gate's trials are judged. */
    public enum Rule {
        /** Passes when there are trials and none failed. */
        ALL_PASS,
        /** Passes when there are trials and the Wilson lower bound reaches {@link GateEvaluator#LCB_THRESHOLD}. */
        WILSON_LOWER_BOUND
    }

    private static final Set<String> P0_WORKFLOWS = Set.of("WF01", "WF02", "WF03", "WF04");
    private static final Set<String> P1_WORKFLOWS = Set.of("WF05", "WF06", "WF07");

    private final String label;
    private final Rule rule;

    Gate(String label, Rule rule) {
        this.label = label;
        this.rule = rule;
    }

    /** The name in evidence and in the metrics' {@code gate} tag. */
    public String label() {
        return label;
    }

    public Rule rule() {
        return rule;
    }

    /** The golden gate a workflow's runs count towards. */
    public static Gate forWorkflow(String workflow) {
        if (P0_WORKFLOWS.contains(workflow)) {
            return GOLDEN_P0_WORKFLOWS;
        }
        if (P1_WORKFLOWS.contains(workflow)) {
            return GOLDEN_P1_WORKFLOWS;
        }
        throw new IllegalArgumentException("unknown workflow '" + workflow + "' (WF01..WF07)");
    }
}
