package io.autobiz.gate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * {@code evaluate_gate} of the seed (P1-TASK-18, INV-08): per gate the raw pass rate and the Wilson score lower bound
 * at 95 % confidence (commons-math3's {@link WilsonScoreInterval}, not a hand-written formula), the gate's verdict,
 * and {@code deploy_blocked} when any gate fails. Fails closed: a gate without trials does not pass.
 */
public final class GateEvaluator {

    /** Confidence of the Wilson interval. */
    public static final double CONFIDENCE = 0.95;
    /** The lower bound the P1 golden gate must reach. */
    public static final double LCB_THRESHOLD = 0.95;

    private static final WilsonScoreInterval WILSON = new WilsonScoreInterval();

    private final Clock clock;

    public GateEvaluator(Clock clock) {
        this.clock = clock;
    }

    /** The golden runs counted per golden gate (WF01–WF04 → P0, WF05–WF07 → P1). */
    public static Map<Gate, Tally> tallyGolden(List<CaseRun> runs) {
        Map<Gate, Tally> tallies = new EnumMap<>(Gate.class);
        tallies.put(Gate.GOLDEN_P0_WORKFLOWS, Tally.empty());
        tallies.put(Gate.GOLDEN_P1_WORKFLOWS, Tally.empty());
        for (CaseRun run : runs) {
            tallies.merge(
                    Gate.forWorkflow(run.workflow()),
                    Tally.empty(),
                    (tally, unused) -> tally.plus(run.passed(), run.caseId() + "#" + run.run()));
        }
        return tallies;
    }

    /** One gate's verdict on its tally. */
    public static GateResult judge(Gate gate, Tally tally) {
        double raw = tally.n() == 0 ? 0.0 : (double) tally.k() / tally.n();
        double lower = wilsonLowerBound(tally.n(), tally.k());
        boolean passed = switch (gate.rule()) {
            case ALL_PASS -> tally.n() > 0 && tally.k() == tally.n();
            case WILSON_LOWER_BOUND -> tally.n() > 0 && lower >= LCB_THRESHOLD;
        };
        double threshold = gate.rule() == Gate.Rule.ALL_PASS ? 1.0 : LCB_THRESHOLD;
        return new GateResult(
                gate.label(), gate.rule(), tally.n(), tally.k(), raw, lower, threshold, passed, tally.failures());
    }

    /** The Wilson score lower bound of {@code k} passes in {@code n} trials at 95 %; 0 without trials. */
    public static double wilsonLowerBound(int n, int k) {
        if (n == 0) {
            return 0.0;
        }
        return WILSON.createInterval(n, k, CONFIDENCE).getLowerBound();
    }

    /**
     * The fewest trials, all passing, whose Wilson lower bound reaches the P1 threshold: what the golden suite's P1
     * workflows need per evaluation (73 at 95 % confidence and a 0.95 bound; docs/golden-suite.md).
     */
    public static int zeroFailureTrialsForThreshold() {
        int n = 1;
        while (wilsonLowerBound(n, n) < LCB_THRESHOLD) {
            n++;
        }
        return n;
    }

    /**
     * The evidence for a candidate: every gate of {@link Gate} is judged, a gate missing from {@code tallies} counts as
     * without trials and so blocks.
     */
    public GateEvidence evaluate(
            Map<Gate, Tally> tallies, String commit, ArtifactHashes businessConfig, ArtifactHashes bpmn) {
        List<GateResult> results = new ArrayList<>();
        List<String> blockedBy = new ArrayList<>();
        for (Gate gate : Gate.values()) {
            GateResult result = judge(gate, tallies.getOrDefault(gate, Tally.empty()));
            results.add(result);
            if (!result.passed()) {
                blockedBy.add(gate.label());
            }
        }
        return new GateEvidence(
                commit,
                clock.instant().toString(),
                businessConfig.combined(),
                businessConfig.files(),
                bpmn.combined(),
                bpmn.files(),
                results,
                !blockedBy.isEmpty(),
                blockedBy);
    }
}
