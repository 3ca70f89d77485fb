package io.autobiz.invariants;

import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * One workflow's success rate over the runs found in the engine's history, with the lower bound of its 95% Wilson score
 * interval (commons-math3, as the deploy gate computes it). What counts as a success is in {@link InvariantChecker}.
 *
 * @param workflow {@code WF01} .. {@code WF07}, or {@code other} for a process key AutoBiz does not ship
 * @param raw succeeded / runs, 0 when there were no runs
 * @param wilsonLower95 the lower bound, 0 when there were no runs (nothing is known)
 */
public record WorkflowRate(
        String workflow, String processKey, long runs, long succeeded, double raw, double wilsonLower95) {

    static final double CONFIDENCE = 0.95;
    private static final WilsonScoreInterval WILSON = new WilsonScoreInterval();

    public static WorkflowRate of(String workflow, String processKey, long runs, long succeeded) {
        if (runs < 0 || succeeded < 0 || succeeded > runs) {
            throw new IllegalArgumentException("succeeded must be within 0.." + runs + ", was " + succeeded);
        }
        if (runs == 0) {
            return new WorkflowRate(workflow, processKey, 0, 0, 0.0, 0.0);
        }
        double lower = WILSON.createInterval(Math.toIntExact(runs), Math.toIntExact(succeeded), CONFIDENCE)
                .getLowerBound();
        return new WorkflowRate(workflow, processKey, runs, succeeded, (double) succeeded / runs, Math.max(0.0, lower));
    }
}
