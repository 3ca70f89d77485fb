package io.autobiz.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.autobiz.testing.stage.Hygiene;
import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Unit
class GateEvaluatorTest {

    private static final GateEvaluator EVALUATOR =
            new GateEvaluator(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));
    private static final ArtifactHashes CONFIG = ArtifactHashes.ofContents(Map.of("acme.yml", bytes("tenant: acme")));
    private static final TestClassTags TAGS = TestClassTags.of(GateEvaluatorTest.class.getClassLoader());
    private static final ArtifactHashes BPMN =
            ArtifactHashes.ofContents(Map.of("refund.bpmn", bytes("<definitions/>")));

    @Test
    @DisplayName("P1-T18 the Wilson lower bound is commons-math3's: 8 of 10 at 95 % is 0.4902 (the textbook value),"
            + " 0 trials count as 0")
    void wilsonLowerBound() {
        assertThat(GateEvaluator.wilsonLowerBound(10, 8)).isCloseTo(0.4902, within(0.0001));
        assertThat(GateEvaluator.wilsonLowerBound(0, 0)).isZero();
    }

    @Test
    @DisplayName("P1-T18 a 0.95 lower bound needs 73 trials without a failure: 72 are not enough")
    void zeroFailureTrials() {
        assertThat(GateEvaluator.zeroFailureTrialsForThreshold()).isEqualTo(73);
        assertThat(GateEvaluator.wilsonLowerBound(72, 72)).isLessThan(0.95);
        assertThat(GateEvaluator.wilsonLowerBound(73, 73)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    @DisplayName("P1-T-EXIT-05 a clean golden suite (3 runs of the P0 cases, 9 of the P1 cases) with green hygiene and"
            + " P0 tests passes every gate: the deploy is not blocked and the evidence names the hashes")
    void cleanRunPasses() {
        GateEvidence evidence = EVALUATOR.evaluate(tallies(suite(20, 3, 9, 9, run -> true)), "abc123", CONFIG, BPMN);

        assertThat(evidence.deployBlocked()).isFalse();
        assertThat(evidence.blockedBy()).isEmpty();
        assertThat(evidence.gates())
                .allSatisfy(gate -> assertThat(gate.passed()).isTrue());
        assertThat(gate(evidence, Gate.GOLDEN_P1_WORKFLOWS)).satisfies(gate -> {
            assertThat(gate.n()).isEqualTo(81);
            assertThat(gate.k()).isEqualTo(81);
            assertThat(gate.rawPassRate()).isEqualTo(1.0);
            assertThat(gate.wilsonLowerBound()).isGreaterThanOrEqualTo(0.95);
        });
        assertThat(evidence.commit()).isEqualTo("abc123");
        assertThat(evidence.businessConfigHash()).isEqualTo(CONFIG.combined()).hasSize(64);
        assertThat(evidence.bpmnFiles()).containsOnlyKeys("refund.bpmn");
    }

    @Test
    @DisplayName("P1-T18 a fault profile that breaks every 10th P1 run (raw 0.90) blocks the deploy on the P1 gate;"
            + " one broken P0 run in 60 blocks it on the P0 gate")
    void faultProfileBlocks() {
        GateEvidence p1Faults =
                EVALUATOR.evaluate(tallies(suite(20, 3, 9, 10, run -> run % 10 != 0)), "abc123", CONFIG, BPMN);
        GateResult p1 = gate(p1Faults, Gate.GOLDEN_P1_WORKFLOWS);
        assertThat(p1.n()).isEqualTo(90);
        assertThat(p1.k()).isEqualTo(81);
        assertThat(p1.rawPassRate()).isEqualTo(0.9);
        assertThat(p1.wilsonLowerBound()).isLessThan(0.95);
        assertThat(p1.failures()).hasSize(9);
        assertThat(p1Faults.deployBlocked()).isTrue();
        assertThat(p1Faults.blockedBy()).containsExactly("golden_p1_workflows");

        List<CaseRun> oneP0Failure = new ArrayList<>(suite(20, 3, 9, 9, run -> true));
        oneP0Failure.set(0, run("wf01-main", "WF01", 1, false));
        GateEvidence p0Fault = EVALUATOR.evaluate(tallies(oneP0Failure), "abc123", CONFIG, BPMN);
        assertThat(gate(p0Fault, Gate.GOLDEN_P0_WORKFLOWS).rawPassRate()).isCloseTo(59.0 / 60, within(1e-9));
        assertThat(p0Fault.blockedBy()).containsExactly("golden_p0_workflows");
    }

    @Test
    @DisplayName("P1-T18 fail closed: a gate without trials (no golden P1 runs, no test reports) blocks the deploy")
    void noTrialsBlocks() {
        GateEvidence evidence = EVALUATOR.evaluate(Map.of(), "abc123", CONFIG, BPMN);

        assertThat(evidence.deployBlocked()).isTrue();
        assertThat(evidence.blockedBy())
                .containsExactly("hygiene", "p0_tests", "golden_p0_workflows", "golden_p1_workflows");
    }

    @Test
    @DisplayName("P1-T18 the hygiene and P0 test gates are read from JUnit XML reports: a failed hygiene test blocks,"
            + " skipped tests and the golden suite's own tests do not count")
    void testReports(@TempDir Path reports) throws Exception {
        Files.writeString(reports.resolve("TEST-io.autobiz.hygiene.HygieneSuiteTest.xml"), """
                <testsuite name="io.autobiz.hygiene.HygieneSuiteTest">
                  <testcase classname="io.autobiz.hygiene.HygieneSuiteTest" name="P1-H01 no live keys"/>
                  <testcase classname="io.autobiz.hygiene.HygieneSuiteTest" name="P1-H02 no live endpoints">
                    <failure message="live endpoint"/></testcase>
                </testsuite>""");
        Files.writeString(reports.resolve("TEST-io.autobiz.workflows.RefundProcessIT.xml"), """
                <testsuite name="io.autobiz.workflows.RefundProcessIT">
                  <testcase classname="io.autobiz.workflows.RefundProcessIT" name="P1-T22 approved"/>
                  <testcase classname="io.autobiz.workflows.RefundProcessIT" name="P1-T22 later"><skipped/></testcase>
                  <testcase classname="io.autobiz.golden.GoldenSuiteIT" name="run 1 wf03"><failure/></testcase>
                </testsuite>""");

        Map<Gate, Tally> tallies = TestReports.tally(List.of(reports, reports.resolve("missing")), TAGS);

        assertThat(tallies.get(Gate.HYGIENE)).extracting(Tally::n, Tally::k).containsExactly(2, 1);
        assertThat(tallies.get(Gate.HYGIENE).failures())
                .containsExactly("io.autobiz.hygiene.HygieneSuiteTest#P1-H02 no live endpoints");
        assertThat(tallies.get(Gate.P0_TESTS)).extracting(Tally::n, Tally::k).containsExactly(1, 1);
    }

    @Test
    @DisplayName("P1-T18 the hygiene gate counts the tests of the hygiene stage by their tag (@Hygiene on the class,"
            + " on a superclass, on a @Nested class's enclosing class, or @Tag(\"hygiene\")), whatever their package;"
            + " other tests count as P0 tests")
    void hygieneByTag(@TempDir Path reports) throws Exception {
        Files.writeString(reports.resolve("TEST-fixtures.xml"), """
                <testsuite name="fixtures">
                  <testcase classname="io.autobiz.architecture.ArchitectureTest" name="P1-TASK-01 layers"/>
                  <testcase classname="%1$s$InheritsHygiene" name="inherited">
                    <failure message="broken rule"/></testcase>
                  <testcase classname="%1$s$TaggedHygiene$NestedCase" name="nested"/>
                  <testcase classname="%1$s$PlainTag" name="plain tag"/>
                  <testcase classname="%1$s$UnitFixture" name="a unit test"/>
                  <testcase classname="io.autobiz.gate.GateEvaluatorTest" name="this test"/>
                </testsuite>""".formatted(GateEvaluatorTest.class.getName()));

        Map<Gate, Tally> tallies = TestReports.tally(List.of(reports), TAGS);

        assertThat(tallies.get(Gate.HYGIENE)).extracting(Tally::n, Tally::k).containsExactly(4, 3);
        assertThat(tallies.get(Gate.HYGIENE).failures())
                .containsExactly(GateEvaluatorTest.class.getName() + "$InheritsHygiene#inherited");
        assertThat(tallies.get(Gate.P0_TESTS)).extracting(Tally::n, Tally::k).containsExactly(2, 2);
    }

    @Test
    @DisplayName("P1-T18 a flaky test (failed, then passed on a rerun: flakyFailure or flakyError) is a failed trial"
            + " of its gate and named as flaky, so it blocks the 100 % gates; so is one that failed on every rerun")
    void flakyIsFailedTrial(@TempDir Path reports) throws Exception {
        Files.writeString(reports.resolve("TEST-io.autobiz.workflows.RefundProcessIT.xml"), """
                <testsuite name="io.autobiz.workflows.RefundProcessIT">
                  <testcase classname="io.autobiz.workflows.RefundProcessIT" name="P1-T22 approved"/>
                  <testcase classname="io.autobiz.workflows.RefundProcessIT" name="P1-T22 denied">
                    <flakyFailure message="expected 1 refund" type="java.lang.AssertionError"/></testcase>
                  <testcase classname="io.autobiz.workflows.RefundProcessIT" name="P1-T22 timeout">
                    <flakyError message="connection reset" type="java.io.IOException"/>
                    <flakyError message="connection reset" type="java.io.IOException"/></testcase>
                  <testcase classname="io.autobiz.workflows.RefundProcessIT" name="P1-T22 later">
                    <failure message="no"/><rerunFailure message="no"/><rerunFailure message="no"/></testcase>
                </testsuite>""");
        Files.writeString(reports.resolve("TEST-io.autobiz.architecture.ArchitectureTest.xml"), """
                <testsuite name="io.autobiz.architecture.ArchitectureTest">
                  <testcase classname="io.autobiz.architecture.ArchitectureTest" name="P1-TASK-01 layers">
                    <flakyFailure message="once"/></testcase>
                </testsuite>""");

        Map<Gate, Tally> tallies = TestReports.tally(List.of(reports), TAGS);

        assertThat(tallies.get(Gate.P0_TESTS)).extracting(Tally::n, Tally::k).containsExactly(4, 1);
        assertThat(tallies.get(Gate.P0_TESTS).failures())
                .containsExactly(
                        "io.autobiz.workflows.RefundProcessIT#P1-T22 denied (flaky)",
                        "io.autobiz.workflows.RefundProcessIT#P1-T22 timeout (flaky)",
                        "io.autobiz.workflows.RefundProcessIT#P1-T22 later");
        assertThat(tallies.get(Gate.HYGIENE)).extracting(Tally::n, Tally::k).containsExactly(1, 0);
        GateEvidence evidence = EVALUATOR.evaluate(tallies, "abc123", CONFIG, BPMN);
        assertThat(evidence.blockedBy()).contains("hygiene", "p0_tests");
    }

    @Test
    @DisplayName("P1-T18 EvaluateGate reads every module's Surefire and Failsafe reports and tells hygiene tests by"
            + " the stage annotations in the modules' compiled classes")
    void evaluateGateReadsEveryModule(@TempDir Path root) throws Exception {
        copyClass("io.autobiz.architecture.ArchitectureTest", root.resolve("src/target/test-classes"));
        copyClass(Hygiene.class.getName(), root.resolve("test-support/target/classes"));
        copyClass(GateEvaluatorTest.class.getName(), root.resolve("src/target/test-classes"));
        Path kernelReports = Files.createDirectories(root.resolve("kernel/target/failsafe-reports"));
        Path srcReports = Files.createDirectories(root.resolve("src/target/surefire-reports"));
        Files.writeString(kernelReports.resolve("TEST-io.autobiz.testsupport.LocalStackHealthIT.xml"), """
                <testsuite name="io.autobiz.testsupport.LocalStackHealthIT">
                  <testcase classname="io.autobiz.testsupport.LocalStackHealthIT" name="P1-H09 stack up">
                    <failure message="redis down"/></testcase>
                </testsuite>""");
        Files.writeString(srcReports.resolve("TEST-io.autobiz.architecture.ArchitectureTest.xml"), """
                <testsuite name="io.autobiz.architecture.ArchitectureTest">
                  <testcase classname="io.autobiz.architecture.ArchitectureTest" name="P1-TASK-01 layers"/>
                  <testcase classname="io.autobiz.gate.GateEvaluatorTest" name="a unit test"/>
                </testsuite>""");

        List<Path> directories = EvaluateGate.reportDirectories(root);
        Map<Gate, Tally> tallies = TestReports.tally(directories, TestClassTags.ofRepository(root));

        assertThat(directories).containsExactlyInAnyOrder(kernelReports, srcReports);
        // LocalStackHealthIT's classes are not there: a test whose class is unknown is not a hygiene test, and the
        // hygiene gate keeps only what it can prove; the failure still blocks, as a P0 test.
        assertThat(tallies.get(Gate.HYGIENE)).extracting(Tally::n, Tally::k).containsExactly(1, 1);
        assertThat(tallies.get(Gate.P0_TESTS)).extracting(Tally::n, Tally::k).containsExactly(2, 1);
    }

    @Test
    @DisplayName("P1-T18 the latest evidence is shown as golden_suite_pass_rate{gate} and golden_suite_lcb{gate};"
            + " newer evidence replaces it")
    void metrics(@TempDir Path folder) {
        GateEvidence blocked =
                EVALUATOR.evaluate(tallies(suite(20, 3, 9, 10, run -> run % 10 != 0)), "abc123", CONFIG, BPMN);
        Path file = folder.resolve("gate-evidence.json");
        GateEvidenceFiles.write(blocked, file);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        GateMetrics metrics = new GateMetrics(meters, file);

        assertThat(meters.get("golden_suite_pass_rate")
                        .tag("gate", "golden_p1_workflows")
                        .gauge()
                        .value())
                .isEqualTo(0.9);
        assertThat(meters.get("golden_suite_lcb")
                        .tag("gate", "golden_p1_workflows")
                        .gauge()
                        .value())
                .isCloseTo(gate(blocked, Gate.GOLDEN_P1_WORKFLOWS).wilsonLowerBound(), within(1e-12));
        metrics.show(EVALUATOR.evaluate(tallies(suite(20, 3, 9, 9, run -> true)), "def456", CONFIG, BPMN));
        assertThat(meters.get("golden_suite_pass_rate")
                        .tag("gate", "golden_p1_workflows")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(GateEvidenceFiles.read(file)).isEqualTo(blocked);
    }

    private interface Outcome {
        boolean passed(int p1RunIndex);
    }

    /** P0 cases run {@code p0Runs} times, P1 cases {@code p1Runs} times; P1 run i (1-based) passes per outcome. */
    private static List<CaseRun> suite(int p0Cases, int p0Runs, int p1Cases, int p1Runs, Outcome p1) {
        List<CaseRun> runs = new ArrayList<>();
        for (int c = 0; c < p0Cases; c++) {
            for (int r = 1; r <= p0Runs; r++) {
                runs.add(run("wf0" + (1 + c % 4) + "-case" + c, "WF0" + (1 + c % 4), r, true));
            }
        }
        int index = 0;
        for (int c = 0; c < p1Cases; c++) {
            for (int r = 1; r <= p1Runs; r++) {
                index++;
                runs.add(run("wf0" + (5 + c % 3) + "-case" + c, "WF0" + (5 + c % 3), r, p1.passed(index)));
            }
        }
        return runs;
    }

    private static CaseRun run(String id, String workflow, int run, boolean passed) {
        return new CaseRun(id, workflow, List.of("P1-T18"), run, passed, passed ? null : "fault profile", 10);
    }

    private static Map<Gate, Tally> tallies(List<CaseRun> runs) {
        Map<Gate, Tally> tallies = new EnumMap<>(Gate.class);
        tallies.put(Gate.HYGIENE, new Tally(10, 10, List.of()));
        tallies.put(Gate.P0_TESTS, new Tally(300, 300, List.of()));
        tallies.putAll(GateEvaluator.tallyGolden(runs));
        return tallies;
    }

    private static GateResult gate(GateEvidence evidence, Gate gate) {
        return evidence.gates().stream()
                .filter(result -> result.gate().equals(gate.label()))
                .findFirst()
                .orElseThrow();
    }

    private static void copyClass(String className, Path classes) throws Exception {
        String file = className.replace('.', '/') + ".class";
        Path target = classes.resolve(file);
        Files.createDirectories(target.getParent());
        try (var in = GateEvaluatorTest.class.getClassLoader().getResourceAsStream(file)) {
            Files.write(target, in.readAllBytes());
        }
    }

    // Fixture classes for the tag lookup: never run (no test methods), only read as bytecode.

    @Hygiene
    abstract static class HygieneBase {}

    static class InheritsHygiene extends HygieneBase {}

    @Hygiene
    static class TaggedHygiene {
        class NestedCase {}
    }

    @Tag("hygiene")
    static class PlainTag {}

    @Unit
    static class UnitFixture {}

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
