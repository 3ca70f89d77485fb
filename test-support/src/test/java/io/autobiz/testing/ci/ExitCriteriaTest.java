package io.autobiz.testing.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autobiz.testing.ci.ExitCriteria.Criterion;
import io.autobiz.testing.ci.ExitCriteria.Inputs;
import io.autobiz.testing.ci.ExitCriteria.Repository;
import io.autobiz.testing.ci.ExitCriteria.State;
import io.autobiz.testing.ci.JUnitXmlReports.Outcome;
import io.autobiz.testing.ci.JUnitXmlReports.TestCase;
import io.autobiz.testing.stage.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Unit
class ExitCriteriaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOAK_COMMAND = "`soak-fixture-command`";

    @Test
    @DisplayName("P1-TASK-32 with every artifact good, all of P1-EXIT-01..14 are met, in order")
    void allMet() {
        List<Criterion> criteria = ExitCriteria.evaluate(good());

        assertThat(criteria)
                .extracting(Criterion::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 14)
                        .mapToObj(n -> String.format("P1-EXIT-%02d", n))
                        .toList());
        assertThat(criteria)
                .allSatisfy(c ->
                        assertThat(c.state()).as(c.id() + ": " + c.latest()).isEqualTo(State.MET));
        assertThat(state(criteria, "P1-EXIT-02").latest()).startsWith("n=144 k=144 raw=1.0000 LCB=0.9740");
        assertThat(state(criteria, "P1-EXIT-06").latest()).startsWith("12 of 12 negative test IDs passed");
        assertThat(state(criteria, "P1-EXIT-12").latest()).contains("WF07 999/1000 LCB 0.9944");
    }

    @Test
    @DisplayName("P1-TASK-32 without a soak report EXIT-04 and EXIT-12 are not yet measured and name the command;"
            + " without gate evidence, flake report or test reports neither is anything they prove met")
    void missingEvidenceIsNotMeasured() {
        Inputs good = good();
        Inputs noSoak = with(good, null, good.gateEvidence(), good.flakeReport(), good.tests());
        List<Criterion> criteria = ExitCriteria.evaluate(noSoak);
        assertThat(state(criteria, "P1-EXIT-04").state()).isEqualTo(State.NOT_MEASURED);
        assertThat(state(criteria, "P1-EXIT-04").latest()).isEqualTo("not yet measured: run " + SOAK_COMMAND);
        assertThat(state(criteria, "P1-EXIT-12").state()).isEqualTo(State.NOT_MEASURED);

        Inputs nothing = new Inputs(List.of(), 0, null, null, null, null, SOAK_COMMAND, good.repository());
        assertThat(ExitCriteria.evaluate(nothing))
                .filteredOn(c -> !List.of("P1-EXIT-07").contains(c.id()))
                .allSatisfy(c -> assertThat(c.state()).as(c.id()).isEqualTo(State.NOT_MEASURED));
    }

    @Test
    @DisplayName("P1-TASK-32 each check can fail: 11 negative tests, 3 risks, a failed LCB, a flaky P0 test, a"
            + " violated soak invariant, a failing NetworkGuardTest, an expired quarantine entry, an uncovered seed ID,"
            + " a missing oracle section, a failing runbook test")
    void eachCheckCanFail() {
        Inputs good = good();
        List<TestCase> tests = new ArrayList<>(good.tests());
        tests.removeIf(t -> t.name().startsWith("P1-T08-NEG-second"));
        tests.removeIf(t -> t.name().startsWith("P1-T-RK08"));
        tests.replaceAll(t -> t.className().endsWith("NetworkGuardTest")
                        || t.className().endsWith("RunbookLinksTest")
                        || t.className().endsWith("OperationsMetricsIT")
                        || t.className().endsWith("GoldenGateIT")
                        || t.name().startsWith("P1-T05 ")
                ? new TestCase(t.className(), t.name(), Outcome.FLAKY, List.of(), null)
                : t);
        JsonNode evidence = json(GATE_EVIDENCE
                .replace("\"k\": 1200", "\"k\": 1199")
                .replace(
                        "\"k\": 144, \"raw_pass_rate\": 1.0, \"wilson_lower_bound\": 0.9740",
                        "\"k\": 141, \"raw_pass_rate\": 0.979, \"wilson_lower_bound\": 0.9405"));
        JsonNode soak = json(
                SOAK.replace("\"runs\": 900, \"succeeded\": 900", "\"runs\": 0, \"succeeded\": 0")
                        .replace(
                                "{\"id\": \"exactly-one-effect\", \"passed\": true, \"offenders\": []}",
                                "{\"id\": \"exactly-one-effect\", \"passed\": false, \"offenders\": [\"charge ch_1\", \"charge ch_2\"]}"));
        JsonNode flakes = json(FLAKE_REPORT
                .replace("\"passes\": true", "\"passes\": false")
                .replace("\"failsBecause\": []", "\"failsBecause\": [\"quarantine entry x expired on 2026-11-30\"]"));
        Inputs bad = new Inputs(
                tests,
                good.reports(),
                evidence,
                flakes,
                json(TRACEABILITY.replace("\"tests\": [{\"result\": \"passed\"}]}]", "\"tests\": []}]")),
                soak,
                SOAK_COMMAND,
                new Repository(
                        "# Golden suite\n\n## Case format\n\nno such section\n",
                        List.of("RB-01.md"),
                        List.of("a.json")));

        List<Criterion> criteria = ExitCriteria.evaluate(bad);

        Map<String, State> states = criteria.stream().collect(Collectors.toMap(Criterion::id, Criterion::state));
        assertThat(states).allSatisfy((id, state) -> assertThat(state).as(id).isEqualTo(State.NOT_MET));
        assertThat(state(criteria, "P1-EXIT-01").latest()).contains("p0_tests 1199/1200");
        assertThat(state(criteria, "P1-EXIT-03").latest()).contains("P1-T05 x holds flaky");
        assertThat(state(criteria, "P1-EXIT-04").latest()).contains("exactly-one-effect (2 offenders)");
        assertThat(state(criteria, "P1-EXIT-06").latest()).startsWith("11 of 11 negative test IDs passed");
        assertThat(state(criteria, "P1-EXIT-08").latest()).startsWith("3 of 3 risks");
        assertThat(state(criteria, "P1-EXIT-11").latest()).contains("without: P1-T40");
        assertThat(state(criteria, "P1-EXIT-12").latest()).contains("not measured: WF06");

        // 12 is enough, 11 is not: the boundary of EXIT-06 on its own.
        assertThat(ExitCriteria.negativeTests(good).state()).isEqualTo(State.MET);
    }

    @Test
    @DisplayName("P1-TASK-32 the table goes into the generated section of docs/exit-criteria.md, the rest is kept")
    void docsSection(@TempDir Path dir) throws Exception {
        String section = ExitCriteria.markdown(ExitCriteria.evaluate(good()), "fixtures");
        Path doc = dir.resolve("exit-criteria.md");
        Files.writeString(
                doc,
                "# Exit criteria\n\nhand-written\n\n" + ExitCriteria.BEGIN + " -->\nold\n" + ExitCriteria.END
                        + "\n\nafter\n");

        String replaced = ExitCriteria.replaceSection(Files.readString(doc), section);

        assertThat(replaced)
                .startsWith("# Exit criteria\n\nhand-written\n")
                .contains("14 met of 14.")
                .contains("| P1-EXIT-04 | soak passed | met | 10000 events, 9 invariants checked, 0 violated")
                .doesNotContain("\nold\n")
                .endsWith(ExitCriteria.END + "\n\nafter\n");
    }

    // ---- fixtures: artifacts in the shapes the build writes them

    private static final String GATE_EVIDENCE = """
            {"commit": "0123456789abcdef0123", "evaluated_at": "2026-12-06T14:44:00Z", "deploy_blocked": false,
             "gates": [
              {"gate": "hygiene", "rule": "ALL_PASS", "n": 150, "k": 150, "raw_pass_rate": 1.0, "wilson_lower_bound": 0.97, "passed": true},
              {"gate": "p0_tests", "rule": "ALL_PASS", "n": 1200, "k": 1200, "raw_pass_rate": 1.0, "wilson_lower_bound": 0.99, "passed": true},
              {"gate": "golden_p0_workflows", "rule": "ALL_PASS", "n": 69, "k": 69, "raw_pass_rate": 1.0, "wilson_lower_bound": 0.94, "passed": true},
              {"gate": "golden_p1_workflows", "rule": "WILSON_LOWER_BOUND", "n": 144, "k": 144, "raw_pass_rate": 1.0, "wilson_lower_bound": 0.9740, "passed": true}
             ]}""";

    private static final String FLAKE_REPORT = """
            {"passes": true, "test_flake_total": 0, "date": "2026-12-06", "testCases": 1253, "reports": 300,
             "flakes": [], "failures": [], "quarantine": [], "failsBecause": []}""";

    private static final String TRACEABILITY = """
            [{"id": "P1-T01", "seed": true, "tests": [{"result": "passed"}]},
             {"id": "P1-TASK-01", "seed": false, "tests": []},
             {"id": "P1-T40", "seed": true, "tests": [{"result": "passed"}]}]""";

    private static final String SOAK = """
            {"passed": true, "events": 10000, "command": "soak-fixture-command", "commit": "0123456789abcdef",
             "finishedAt": "2026-12-06T16:00:00Z",
             "invariants": [
              {"id": "exactly-one-effect", "passed": true, "offenders": []},
              {"id": "no-lost-event", "passed": true, "offenders": []},
              {"id": "runs-ended-or-waiting", "passed": true, "offenders": []},
              {"id": "financial-approved", "passed": true, "offenders": []},
              {"id": "receipt-chain", "passed": true, "offenders": []},
              {"id": "no-pii", "passed": true, "offenders": []},
              {"id": "no-cross-store", "passed": true, "offenders": []},
              {"id": "drift-owned", "passed": true, "offenders": []},
              {"id": "no-processed-twice", "passed": true, "offenders": []}],
             "workflows": [
              {"workflow": "WF01", "runs": 3000, "succeeded": 3000, "raw": 1.0, "wilsonLower95": 0.9987},
              {"workflow": "WF02", "runs": 2000, "succeeded": 2000, "raw": 1.0, "wilsonLower95": 0.9981},
              {"workflow": "WF03", "runs": 1500, "succeeded": 1499, "raw": 0.9993, "wilsonLower95": 0.9962},
              {"workflow": "WF04", "runs": 1500, "succeeded": 1500, "raw": 1.0, "wilsonLower95": 0.9974},
              {"workflow": "WF05", "runs": 1000, "succeeded": 1000, "raw": 1.0, "wilsonLower95": 0.9962},
              {"workflow": "WF06", "runs": 900, "succeeded": 900, "raw": 1.0, "wilsonLower95": 0.9957},
              {"workflow": "WF07", "runs": 1000, "succeeded": 999, "raw": 0.999, "wilsonLower95": 0.9944}]}""";

    /** Every criterion met: 8 invariants each with a test and a negative one, 12 negatives, 4 risks. */
    private static Inputs good() {
        List<TestCase> tests = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            tests.add(passed("io.autobiz.kernel.InvariantTest", String.format("P1-T%02d x holds", n)));
            tests.add(passed("io.autobiz.kernel.InvariantTest", String.format("P1-T%02d-NEG-first refused", n)));
        }
        for (int n = 5; n <= 8; n++) { // 8 + 4 = 12 distinct negative IDs
            tests.add(passed("io.autobiz.kernel.InvariantTest", String.format("P1-T%02d-NEG-second refused", n)));
        }
        tests.add(new TestCase(
                "io.autobiz.kernel.InvariantTest", "P1-T01-NEG-skipped", Outcome.SKIPPED, List.of(), null));
        for (String risk : List.of("P1-T-RK01a", "P1-T-RK01b", "P1-T-RK03", "P1-T-RK05", "P1-T-RK08b")) {
            tests.add(passed("io.autobiz.risk.RiskTest", risk + " mitigated"));
        }
        tests.add(passed("io.autobiz.gate.GateEvaluatorTest", "P1-T18 the bound"));
        tests.add(passed("io.autobiz.golden.GoldenGateIT", "P1-T18 P1-T-EXIT-05 blocks and passes"));
        tests.add(passed("io.autobiz.testsupport.network.NetworkGuardTest", "P1-H02 refused"));
        tests.add(passed("io.autobiz.operations.metrics.OperationsMetricsIT", "P1-TASK-27 scrape"));
        tests.add(passed("io.autobiz.operations.metrics.PromQlMetricNamesTest", "P1-TASK-27 names"));
        tests.add(passed("io.autobiz.operations.metrics.RunbookLinksTest", "P1-TASK-27 links"));
        String oracle = "# Golden suite\n\n## Oracle strategy\n\n"
                + "Each case is judged by what it expects. ".repeat(8) + "\n\n## Next\n";
        return new Inputs(
                tests,
                40,
                json(GATE_EVIDENCE),
                json(FLAKE_REPORT),
                json(TRACEABILITY),
                json(SOAK),
                SOAK_COMMAND,
                new Repository(
                        oracle, List.of("RB-01-hitl.md", "RB-02-breaker.md"), List.of("workflow-overview.json")));
    }

    private static Inputs with(Inputs in, JsonNode soak, JsonNode evidence, JsonNode flakes, List<TestCase> tests) {
        return new Inputs(
                tests, in.reports(), evidence, flakes, in.traceability(), soak, SOAK_COMMAND, in.repository());
    }

    private static TestCase passed(String className, String name) {
        return new TestCase(className, name, Outcome.PASSED, List.of(), null);
    }

    private static Criterion state(List<Criterion> criteria, String id) {
        return criteria.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
