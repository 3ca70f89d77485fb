package io.autobiz.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.gate.ArtifactHashes;
import io.autobiz.gate.CaseRun;
import io.autobiz.gate.Gate;
import io.autobiz.gate.GateEvaluator;
import io.autobiz.gate.GateEvidence;
import io.autobiz.gate.GateEvidenceFiles;
import io.autobiz.gate.GateResult;
import io.autobiz.gate.Tally;
import io.autobiz.testing.stage.GoldenSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The deploy gate (INV-08) decided by real golden runs (P1-T18, P1-T-EXIT-05): one P1 case runs through the golden
 * runner as many times as the P1 gate needs ({@link GateEvaluator#zeroFailureTrialsForThreshold()}, 73), once
 * untouched and once under a fault profile that breaks a known share of the runs, and the evidence of each is
 * evaluated. The P0 golden gate gets real runs too (one P0 case, three times). The gates fed by JUnit reports (hygiene,
 * P0 tests) are held passing here, so that the verdict rests on the golden runs alone; their reading of the reports is
 * {@code GateEvaluatorTest}'s and {@code EvaluateGate}'s business.
 */
@GoldenSuite
class GoldenGateIT extends GoldenApplication {

    /** A quick P1 case (WF05): the customer asks about an order that does not exist and is mailed so. */
    private static final String P1_CASE = "wf05-wismo-unknown-order";
    /** A P0 case (WF02) for the P0 golden gate. */
    private static final String P0_CASE = "wf02-unpaid-order-cancelled";

    private static final int P0_RUNS = 3;

    /**
     * The fault profile: in every {@value}th run SendGrid refuses every mail (400, on every retry), so the customer's
     * reply is never sent and the case's expectation ({@code mails: 1}) fails.
     */
    private static final int BROKEN_EVERY = 8;

    private static final GoldenCase.Fault MAIL_REFUSED = new GoldenCase.Fault("sendgrid.mail", "400", 20);

    @Test
    @DisplayName("P1-T18 P1-T-EXIT-05 a fault profile breaks every 8th run of a P1 case: the golden P1 gate fails"
            + " (LCB below 0.95), the evidence names it and says deploy_blocked=true")
    void faultProfileBlocksTheDeploy() throws IOException {
        int trials = GateEvaluator.zeroFailureTrialsForThreshold();
        List<CaseRun> runs = runs(trials, trial -> trial % BROKEN_EVERY == 0);
        int broken = trials / BROKEN_EVERY;

        GateEvidence evidence = evaluate(runs);
        Path file = write(evidence, "gate-evidence-fault-profile.json");

        GateResult p1 = gate(evidence, Gate.GOLDEN_P1_WORKFLOWS);
        assertThat(p1.n()).isEqualTo(trials);
        assertThat(p1.k()).as("the runs the profile did not break passed").isEqualTo(trials - broken);
        assertThat(p1.failures()).as("exactly the broken runs failed").containsExactlyElementsOf(brokenRuns(trials));
        assertThat(p1.wilsonLowerBound()).isLessThan(GateEvaluator.LCB_THRESHOLD);
        assertThat(p1.wilsonLowerBound())
                .as("the library's bound for these numbers")
                .isEqualTo(GateEvaluator.wilsonLowerBound(trials, trials - broken));
        assertThat(p1.passed()).isFalse();
        assertThat(gate(evidence, Gate.GOLDEN_P0_WORKFLOWS).passed()).isTrue();
        assertThat(evidence.deployBlocked()).isTrue();
        assertThat(evidence.blockedBy()).containsExactly(Gate.GOLDEN_P1_WORKFLOWS.label());
        GateEvidence written = GateEvidenceFiles.read(file);
        assertThat(written.deployBlocked()).as("the evidence file says so").isTrue();
        assertThat(written.blockedBy()).containsExactly(Gate.GOLDEN_P1_WORKFLOWS.label());
    }

    @Test
    @DisplayName("P1-T18 P1-T-EXIT-05 the same P1 case, 73 runs without faults: every golden gate passes (LCB 0.95)"
            + " and the evidence says deploy_blocked=false")
    void cleanRunsPassTheGate() throws IOException {
        int trials = GateEvaluator.zeroFailureTrialsForThreshold();
        List<CaseRun> runs = runs(trials, trial -> false);

        GateEvidence evidence = evaluate(runs);
        Path file = write(evidence, "gate-evidence-clean.json");

        GateResult p1 = gate(evidence, Gate.GOLDEN_P1_WORKFLOWS);
        assertThat(p1.n()).isEqualTo(trials);
        assertThat(p1.k()).isEqualTo(trials);
        assertThat(p1.failures()).isEmpty();
        assertThat(p1.wilsonLowerBound()).isGreaterThanOrEqualTo(GateEvaluator.LCB_THRESHOLD);
        assertThat(p1.passed()).isTrue();
        assertThat(evidence.deployBlocked()).isFalse();
        assertThat(evidence.blockedBy()).isEmpty();
        assertThat(GateEvidenceFiles.read(file).deployBlocked())
                .as("the evidence file says so")
                .isFalse();
    }

    /**
     * {@code trials} runs of the P1 case, the profile's chosen ones with SendGrid refusing, and {@link #P0_RUNS} runs
     * of the P0 case; every run through the golden runner against this application.
     */
    private List<CaseRun> runs(int trials, IntPredicate broken) throws IOException {
        GoldenCase p1 = golden(P1_CASE);
        GoldenCase p0 = golden(P0_CASE);
        GoldenRunner runner = runner();
        List<CaseRun> runs = new ArrayList<>();
        for (int trial = 1; trial <= P0_RUNS; trial++) {
            runs.add(result(p0, trial, runner.run(p0, ORDERS.incrementAndGet())));
        }
        for (int trial = 1; trial <= trials; trial++) {
            List<GoldenCase.Fault> profile = broken.test(trial) ? List.of(MAIL_REFUSED) : List.of();
            String failure = runner.run(p1, ORDERS.incrementAndGet(), profile);
            assertThat(failure == null)
                    .as("run " + trial + " " + (broken.test(trial) ? "broken by the profile" : "untouched") + ": "
                            + failure)
                    .isEqualTo(!broken.test(trial));
            runs.add(result(p1, trial, failure));
        }
        return runs;
    }

    private static List<String> brokenRuns(int trials) {
        List<String> names = new ArrayList<>();
        for (int trial = BROKEN_EVERY; trial <= trials; trial += BROKEN_EVERY) {
            names.add(P1_CASE + "#" + trial);
        }
        return names;
    }

    private static CaseRun result(GoldenCase golden, int trial, String failure) {
        return new CaseRun(golden.id(), golden.workflow(), golden.seedTests(), trial, failure == null, failure, 0);
    }

    /** The gate on these golden runs, with the report-fed gates held passing (see the class comment). */
    private static GateEvidence evaluate(List<CaseRun> runs) {
        Map<Gate, Tally> tallies = new EnumMap<>(Gate.class);
        tallies.put(Gate.HYGIENE, new Tally(1, 1, List.of()));
        tallies.put(Gate.P0_TESTS, new Tally(1, 1, List.of()));
        tallies.putAll(GateEvaluator.tallyGolden(runs));
        Path root = repositoryRoot();
        return new GateEvaluator(Clock.systemUTC())
                .evaluate(
                        tallies,
                        "golden-gate-it",
                        ArtifactHashes.of(root.resolve("src/main/resources/business-config"), ".yml", ".yaml"),
                        ArtifactHashes.of(root.resolve("processes"), ".bpmn"));
    }

    private static Path write(GateEvidence evidence, String name) throws IOException {
        Path file = outputDirectory().resolve(name);
        Files.createDirectories(file.getParent());
        GateEvidenceFiles.write(evidence, file);
        return file;
    }

    private static GateResult gate(GateEvidence evidence, Gate gate) {
        return evidence.gates().stream()
                .filter(result -> result.gate().equals(gate.label()))
                .findFirst()
                .orElseThrow();
    }

    private static GoldenCase golden(String id) throws IOException {
        return cases().stream()
                .filter(golden -> golden.id().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
