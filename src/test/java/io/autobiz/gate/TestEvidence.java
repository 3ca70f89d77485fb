package io.autobiz.gate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Gate evidence as the golden suite writes it, for tests of the deploy gate: every gate's tally given, the numbers
 * judged by the real {@link GateEvaluator}, the hashes by {@link ArtifactHashes}. The P0 gates pass; the P1 golden gate
 * passed {@code p1Passed} of 90 runs (90 passes it, 88 gives a Wilson lower bound below 0.95).
 */
public final class TestEvidence {

    private TestEvidence() {}

    public static GateEvidence of(String store, String yaml, ArtifactHashes bpmn, int p1Passed) {
        return of(store, yaml, bpmn, p1Passed, "0123456789abcdef0123456789abcdef01234567");
    }

    /** As {@link #of(String, String, ArtifactHashes, int)}, of the tests of {@code commit}. */
    public static GateEvidence of(String store, String yaml, ArtifactHashes bpmn, int p1Passed, String commit) {
        Map<Gate, Tally> tallies = new EnumMap<>(Gate.class);
        tallies.put(Gate.HYGIENE, new Tally(12, 12, List.of()));
        tallies.put(Gate.P0_TESTS, new Tally(400, 400, List.of()));
        tallies.put(Gate.GOLDEN_P0_WORKFLOWS, new Tally(69, 69, List.of()));
        List<String> failures = IntStream.range(0, 90 - p1Passed)
                .mapToObj(i -> "wf05-wismo-answered#" + (i + 1))
                .toList();
        tallies.put(Gate.GOLDEN_P1_WORKFLOWS, new Tally(90, p1Passed, failures));
        return new GateEvaluator(Clock.systemUTC())
                .evaluate(
                        tallies,
                        commit,
                        ArtifactHashes.ofContents(
                                Map.of(ArtifactHashes.configFile(store), yaml.getBytes(StandardCharsets.UTF_8))),
                        bpmn);
    }
}
