package io.autobiz.testing.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.autobiz.testing.ci.JUnitXmlReports.Outcome;
import io.autobiz.testing.ci.JUnitXmlReports.TestCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Phase 1 exit criteria P1-EXIT-01..14 (docs/exit-criteria.md), each judged from what a build left behind: the
 * golden suite's gate evidence, the JUnit XML reports, the flake report, the traceability table, the soak report
 * ({@code target/soak/report.json}) and the repository's own docs and dashboards. A criterion whose input is missing
 * is "not yet measured" and says which command measures it; it is never "met" on missing evidence.
 *
 * <p>{@code ExitCriteria --repo . [--gate-evidence <json>] [--flake-report <json>] [--traceability <json>] [--soak
 * <json>] [--soak-command <text>] --out <dir> [--docs docs/exit-criteria.md] <report files or directories>...}
 */
public final class ExitCriteria {

    public enum State {
        MET("met"),
        NOT_MET("not met"),
        NOT_MEASURED("not yet measured");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One criterion's verdict: what proves it ({@code evidence}), the command that produces that evidence, and what
     * the latest artifacts say.
     */
    public record Criterion(String id, String title, State state, String latest, String evidence, String command) {}

    /** What the repository itself holds (read by {@link #repository(Path)}; fixtures in the test). */
    public record Repository(String goldenSuiteDoc, List<String> runbooks, List<String> dashboards) {}

    /**
     * Everything the criteria are judged on; a {@code null} document is one that was not there.
     *
     * @param reports how many JUnit XML report files were read (0: no tests ran, nothing measured from them)
     */
    public record Inputs(
            List<TestCase> tests,
            int reports,
            JsonNode gateEvidence,
            JsonNode flakeReport,
            JsonNode traceability,
            JsonNode soak,
            String soakCommand,
            Repository repository) {}

    /** The seed's numbers: P0 gates 100 %, P1 LCB ≥ 0.95, ≥ 12 negative tests, ≥ 4 risk tests, soak ≥ 300 events. */
    static final double LCB_THRESHOLD = 0.95;

    static final int MIN_NEGATIVE_TESTS = 12;
    static final int MIN_RISK_TESTS = 4;
    static final int MIN_SOAK_EVENTS = 300;
    static final int INVARIANTS = 8;
    static final List<String> WORKFLOWS = List.of("WF01", "WF02", "WF03", "WF04", "WF05", "WF06", "WF07");

    static final String CI_RUN = "`.ci/run` (artifacts in `target/ci-artifacts/`)";
    static final String GOLDEN = "`.ci/run` (stage `golden_suite`: `GoldenSuiteIT` writes `golden/gate-evidence.json`);"
            + " locally `./mvnw verify`, then `EvaluateGate` (docs/golden-suite.md)";
    static final String TESTS = "`.ci/run` or `./mvnw verify` (the JUnit XML reports)";

    private static final Pattern NEGATIVE = Pattern.compile("P1-T\\d{2}-NEG-[a-z0-9-]+");
    private static final Pattern RISK = Pattern.compile("P1-T-RK(\\d{2})[a-z]?");
    private static final String NETWORK_GUARD_TEST = "io.autobiz.testsupport.network.NetworkGuardTest";
    private static final Set<String> DASHBOARD_TESTS = Set.of(
            "io.autobiz.operations.metrics.OperationsMetricsIT", "io.autobiz.operations.metrics.PromQlMetricNamesTest");
    private static final String RUNBOOK_TEST = "io.autobiz.operations.metrics.RunbookLinksTest";

    static final String BEGIN = "<!-- BEGIN GENERATED exit criteria";
    static final String END = "<!-- END GENERATED exit criteria -->";

    private ExitCriteria() {}

    public static List<Criterion> evaluate(Inputs in) {
        return List.of(
                p0Tests(in),
                p1Lcb(in),
                invariantsTested(in),
                soakPassed(in),
                externalApisMocked(in),
                negativeTests(in),
                oracleStrategy(in),
                riskTests(in),
                lcbGate(in),
                flakePolicy(in),
                traceability(in),
                successRate(in),
                dashboards(in),
                runbooks(in));
    }

    // ---- the criteria

    static Criterion p0Tests(Inputs in) {
        String id = "P1-EXIT-01";
        String title = "P0 tests 100 %";
        String evidence = "gate evidence: gates `hygiene`, `p0_tests` (every test but the golden suite; a flake is a"
                + " failed trial) and `golden_p0_workflows` (golden runs of WF01–WF04) each k = n > 0";
        if (in.gateEvidence() == null) {
            return notMeasured(id, title, evidence, GOLDEN);
        }
        List<String> latest = new ArrayList<>();
        boolean met = true;
        for (String gate : List.of("hygiene", "p0_tests", "golden_p0_workflows")) {
            JsonNode result = gate(in.gateEvidence(), gate);
            if (result == null) {
                latest.add(gate + " absent");
                met = false;
                continue;
            }
            int n = result.path("n").asInt();
            int k = result.path("k").asInt();
            latest.add(gate + " " + k + "/" + n);
            met &= n > 0 && k == n;
        }
        return new Criterion(
                id, title, met ? State.MET : State.NOT_MET, String.join(", ", latest) + of(in), evidence, GOLDEN);
    }

    static Criterion p1Lcb(Inputs in) {
        String id = "P1-EXIT-02";
        String title = "P1 tests ≥ 95 % (Wilson LCB)";
        String evidence = "gate evidence: gate `golden_p1_workflows` (golden runs of WF05–WF07), Wilson score lower"
                + " bound at 95 % ≥ 0.95";
        if (in.gateEvidence() == null) {
            return notMeasured(id, title, evidence, GOLDEN);
        }
        JsonNode result = gate(in.gateEvidence(), "golden_p1_workflows");
        if (result == null) {
            return new Criterion(id, title, State.NOT_MET, "gate absent from the evidence" + of(in), evidence, GOLDEN);
        }
        double lcb = result.path("wilson_lower_bound").asDouble();
        int n = result.path("n").asInt();
        boolean met = n > 0 && lcb >= LCB_THRESHOLD;
        String latest = String.format(
                Locale.ROOT,
                "n=%d k=%d raw=%.4f LCB=%.4f",
                n,
                result.path("k").asInt(),
                result.path("raw_pass_rate").asDouble(),
                lcb);
        return new Criterion(id, title, met ? State.MET : State.NOT_MET, latest + of(in), evidence, GOLDEN);
    }

    static Criterion invariantsTested(Inputs in) {
        String id = "P1-EXIT-03";
        String title = "all invariants tested";
        String evidence = "for each of INV-01..INV-0" + INVARIANTS + " a test naming `P1-T0n` and a negative test"
                + " `P1-T0n-NEG-*` in the JUnit reports, every one passed (not flaky)";
        if (in.reports() == 0) {
            return notMeasured(id, title, evidence, TESTS);
        }
        List<String> missing = new ArrayList<>();
        List<String> notPassed = new ArrayList<>();
        int positive = 0;
        int negative = 0;
        for (int n = 1; n <= INVARIANTS; n++) {
            String test = String.format(Locale.ROOT, "P1-T%02d", n);
            List<TestCase> positives = named(in, ids -> ids.contains(test));
            List<TestCase> negatives = named(in, ids -> ids.stream().anyMatch(i -> i.startsWith(test + "-NEG-")));
            String invariant = String.format(Locale.ROOT, "INV-%02d", n);
            if (positives.isEmpty()) {
                missing.add(invariant + " (no " + test + ")");
            }
            if (negatives.isEmpty()) {
                missing.add(invariant + " (no " + test + "-NEG-*)");
            }
            Stream.concat(positives.stream(), negatives.stream())
                    .filter(testCase -> testCase.outcome() != Outcome.PASSED)
                    .forEach(testCase -> notPassed.add(testCase.id() + " " + result(testCase)));
            positive += positives.size();
            negative += negatives.size();
        }
        boolean met = missing.isEmpty() && notPassed.isEmpty();
        String latest = INVARIANTS + " invariants: " + positive + " test cases, " + negative + " negative"
                + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                + (notPassed.isEmpty() ? "; all passed" : "; not passed: " + first(notPassed));
        return new Criterion(id, title, met ? State.MET : State.NOT_MET, latest, evidence, TESTS);
    }

    static Criterion soakPassed(Inputs in) {
        String id = "P1-EXIT-04";
        String title = "soak passed";
        String evidence = "`target/soak/report.json`: `passed`, ≥ " + MIN_SOAK_EVENTS + " events, every invariant"
                + " held, every workflow WF01–WF07 with a Wilson lower bound ≥ 0.95";
        String command = soakCommand(in);
        if (in.soak() == null) {
            return notMeasured(id, title, evidence, command);
        }
        JsonNode soak = in.soak();
        List<String> fails = new ArrayList<>();
        if (!soak.path("passed").asBoolean(false)) {
            fails.add("the report says not passed");
        }
        int events = soak.path("events").asInt();
        if (events < MIN_SOAK_EVENTS) {
            fails.add(events + " events < " + MIN_SOAK_EVENTS);
        }
        List<String> violated = new ArrayList<>();
        soak.path("invariants").forEach(invariant -> {
            if (!invariant.path("passed").asBoolean(false)) {
                violated.add(invariant.path("id").asText() + " ("
                        + invariant.path("offenders").size() + " offenders)");
            }
        });
        if (soak.path("invariants").isEmpty()) {
            fails.add("no invariant checked");
        }
        if (!violated.isEmpty()) {
            fails.add("violated: " + String.join(", ", violated));
        }
        Map<String, JsonNode> workflows = workflows(soak);
        for (String workflow : WORKFLOWS) {
            JsonNode w = workflows.get(workflow);
            if (w == null || w.path("runs").asInt() == 0) {
                fails.add(workflow + " not run");
            } else if (w.path("wilsonLower95").asDouble() < LCB_THRESHOLD) {
                fails.add(String.format(
                        Locale.ROOT,
                        "%s LCB %.4f < 0.95",
                        workflow,
                        w.path("wilsonLower95").asDouble()));
            }
        }
        String latest = events + " events, " + soak.path("invariants").size() + " invariants checked, "
                + violated.size() + " violated" + soakOf(soak)
                + (fails.isEmpty() ? "" : "; fails: " + String.join("; ", fails));
        return new Criterion(id, title, fails.isEmpty() ? State.MET : State.NOT_MET, latest, evidence, command);
    }

    static Criterion externalApisMocked(Inputs in) {
        String id = "P1-EXIT-05";
        String title = "external APIs mocked 100 %";
        String evidence = "`NetworkGuardTest` (P1-H02): the network guard, installed in every test JVM of the"
                + " application module (`NetworkGuardSession`, a JUnit LauncherSessionListener), refuses any"
                + " non-loopback connection, through each way clients open sockets. The provider clients are all in"
                + " that module (ArchitectureTest), so its tests reach only the doubles (WireMock, the sandboxes); the"
                + " other modules' test JVMs have no guard";
        if (in.reports() == 0) {
            return notMeasured(id, title, evidence, TESTS);
        }
        List<TestCase> guard = in.tests().stream()
                .filter(testCase -> testCase.className().equals(NETWORK_GUARD_TEST))
                .toList();
        return byTests(id, title, evidence, TESTS, guard, "NetworkGuardTest");
    }

    static Criterion negativeTests(Inputs in) {
        String id = "P1-EXIT-06";
        String title = "negative tests ≥ " + MIN_NEGATIVE_TESTS;
        String evidence = "distinct negative test IDs `P1-T0n-NEG-<what>` in the test reports' display names, each"
                + " with every test case passed (a failed or flaky one does not count)";
        if (in.reports() == 0) {
            return notMeasured(id, title, evidence, TESTS);
        }
        Map<String, List<TestCase>> byId = byPattern(in, NEGATIVE, 0);
        List<String> notPassed = notPassed(byId);
        int passing = byId.size() - notPassed.size();
        boolean met = passing >= MIN_NEGATIVE_TESTS;
        String latest = passing + " of " + byId.size() + " negative test IDs passed (" + count(byId) + " test cases)"
                + (notPassed.isEmpty() ? "" : "; not passed: " + first(notPassed));
        return new Criterion(id, title, met ? State.MET : State.NOT_MET, latest, evidence, TESTS);
    }

    static Criterion oracleStrategy(Inputs in) {
        String id = "P1-EXIT-07";
        String title = "oracle strategy documented";
        String evidence = "a section of docs/golden-suite.md whose heading names the oracle (how a case run is judged"
                + " passed), with text under it";
        String command = "read docs/golden-suite.md";
        String doc = in.repository().goldenSuiteDoc();
        if (doc == null) {
            return new Criterion(id, title, State.NOT_MET, "docs/golden-suite.md absent", evidence, command);
        }
        Matcher heading = Pattern.compile("(?m)^(#+) +(.*[Oo]racle.*)$").matcher(doc);
        if (!heading.find()) {
            return new Criterion(
                    id, title, State.NOT_MET, "docs/golden-suite.md has no oracle section", evidence, command);
        }
        int bodyStart = heading.end();
        Matcher next =
                Pattern.compile("(?m)^#{1," + heading.group(1).length() + "} ").matcher(doc);
        int bodyEnd = next.find(bodyStart) ? next.start() : doc.length();
        long words = Stream.of(doc.substring(bodyStart, bodyEnd).split("\\s+"))
                .filter(word -> !word.isBlank())
                .count();
        boolean met = words >= 30;
        return new Criterion(
                id,
                title,
                met ? State.MET : State.NOT_MET,
                "§ " + heading.group(2).strip() + ": " + words + " words",
                evidence,
                command);
    }

    static Criterion riskTests(Inputs in) {
        String id = "P1-EXIT-08";
        String title = "risk register tests ≥ " + MIN_RISK_TESTS;
        String evidence =
                "risks RKnn of the register (docs/traceability.md) with a test `P1-T-RKnn` (or `P1-T-RKnn<a>`)"
                        + " in the test reports, every one passed";
        if (in.reports() == 0) {
            return notMeasured(id, title, evidence, TESTS);
        }
        Map<String, List<TestCase>> byRisk = byPattern(in, RISK, 1);
        List<String> notPassed = notPassed(byRisk);
        int passing = byRisk.size() - notPassed.size();
        boolean met = passing >= MIN_RISK_TESTS;
        String latest = passing + " of " + byRisk.size() + " risks tested and passed ("
                + String.join(
                        ", ", byRisk.keySet().stream().map(rk -> "RK" + rk).toList()) + "; " + count(byRisk)
                + " test cases)" + (notPassed.isEmpty() ? "" : "; not passed: RK" + String.join(", RK", notPassed));
        return new Criterion(id, title, met ? State.MET : State.NOT_MET, latest, evidence, TESTS);
    }

    static Criterion lcbGate(Inputs in) {
        String id = "P1-EXIT-09";
        String title = "LCB gate implemented";
        String evidence = "gate evidence with a `WILSON_LOWER_BOUND` gate and its bound, and the P1-T18 tests"
                + " (`GateEvaluatorTest`, `GoldenGateIT`: blocked under a fault profile, passing without) all passed";
        if (in.gateEvidence() == null || in.reports() == 0) {
            return notMeasured(id, title, evidence, GOLDEN);
        }
        List<String> fails = new ArrayList<>();
        boolean lcbGate = false;
        for (JsonNode gate : in.gateEvidence().path("gates")) {
            lcbGate |= "WILSON_LOWER_BOUND".equals(gate.path("rule").asText())
                    && gate.path("wilson_lower_bound").isNumber();
        }
        if (!lcbGate) {
            fails.add("no Wilson-bound gate in the evidence");
        }
        List<TestCase> t18 = named(in, ids -> ids.contains("P1-T18"));
        if (t18.isEmpty()) {
            fails.add("no P1-T18 test in the reports");
        }
        List<String> notPassed = t18.stream()
                .filter(testCase -> testCase.outcome() != Outcome.PASSED)
                .map(testCase -> testCase.id() + " " + result(testCase))
                .toList();
        if (!notPassed.isEmpty()) {
            fails.add("not passed: " + first(notPassed));
        }
        String latest =
                "deploy_blocked=" + in.gateEvidence().path("deploy_blocked").asText() + ", " + t18.size()
                        + " P1-T18 test cases" + (fails.isEmpty() ? ", all passed" : "; " + String.join("; ", fails))
                        + of(in);
        return new Criterion(id, title, fails.isEmpty() ? State.MET : State.NOT_MET, latest, evidence, GOLDEN);
    }

    static Criterion flakePolicy(Inputs in) {
        String id = "P1-EXIT-10";
        String title = "flake policy enforced";
        String evidence = "`flake-report.json` of the CI run (`FlakeReport` after every stage, docs/ci.md): no flaky"
                + " or failed test outside the quarantine, no expired quarantine entry";
        if (in.flakeReport() == null) {
            return notMeasured(id, title, evidence, CI_RUN);
        }
        JsonNode report = in.flakeReport();
        List<String> because = new ArrayList<>();
        report.path("failsBecause").forEach(reason -> because.add(reason.asText()));
        boolean met = report.path("passes").asBoolean(false) && because.isEmpty();
        String latest = report.path("testCases").asInt() + " test cases on "
                + report.path("date").asText()
                + ", test_flake_total=" + report.path("test_flake_total").asInt() + ", "
                + report.path("failures").size() + " failed, "
                + report.path("quarantine").size()
                + " quarantine entries" + (because.isEmpty() ? "" : "; fails: " + String.join("; ", because));
        return new Criterion(id, title, met ? State.MET : State.NOT_MET, latest, evidence, CI_RUN);
    }

    static Criterion traceability(Inputs in) {
        String id = "P1-EXIT-11";
        String title = "workflow traceability 100 %";
        String evidence = "`traceability.json` (`.ci/traceability`, docs/traceability.md): every seed test ID has a"
                + " test or golden case, and none of them last failed";
        String command = "`.ci/traceability` after `.ci/run` or `./mvnw verify`";
        if (in.traceability() == null) {
            return notMeasured(id, title, evidence, command);
        }
        int seed = 0;
        int covered = 0;
        List<String> uncovered = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        for (JsonNode row : in.traceability()) {
            if (!row.path("seed").asBoolean(false)) {
                continue;
            }
            seed++;
            if (row.path("tests").isEmpty()) {
                uncovered.add(row.path("id").asText());
                continue;
            }
            covered++;
            for (JsonNode test : row.path("tests")) {
                if (test.path("result").asText().equals("failed")) {
                    failing.add(row.path("id").asText());
                    break;
                }
            }
        }
        boolean met = seed > 0 && uncovered.isEmpty() && failing.isEmpty();
        String latest = covered + " of " + seed + " seed IDs have a test"
                + (uncovered.isEmpty() ? "" : "; without: " + first(uncovered))
                + (failing.isEmpty() ? "" : "; last failed: " + first(failing));
        return new Criterion(id, title, met ? State.MET : State.NOT_MET, latest, evidence, command);
    }

    static Criterion successRate(Inputs in) {
        String id = "P1-EXIT-12";
        String title = "success rate measured";
        String evidence = "`target/soak/report.json`: per workflow WF01–WF07, runs, successes, raw rate and Wilson"
                + " lower bound (judged against 0.95 by P1-EXIT-04)";
        String command = soakCommand(in);
        if (in.soak() == null) {
            return notMeasured(id, title, evidence, command);
        }
        Map<String, JsonNode> workflows = workflows(in.soak());
        List<String> latest = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        for (String workflow : WORKFLOWS) {
            JsonNode w = workflows.get(workflow);
            if (w == null
                    || w.path("runs").asInt() == 0
                    || !w.path("wilsonLower95").isNumber()) {
                unmeasured.add(workflow);
                continue;
            }
            latest.add(String.format(
                    Locale.ROOT,
                    "%s %d/%d LCB %.4f",
                    workflow,
                    w.path("succeeded").asInt(),
                    w.path("runs").asInt(),
                    w.path("wilsonLower95").asDouble()));
        }
        boolean met = unmeasured.isEmpty();
        return new Criterion(
                id,
                title,
                met ? State.MET : State.NOT_MET,
                String.join(", ", latest)
                        + (met ? "" : "; not measured: " + String.join(", ", unmeasured))
                        + soakOf(in.soak()),
                evidence,
                command);
    }

    static Criterion dashboards(Inputs in) {
        String id = "P1-EXIT-13";
        String title = "ops dashboards live";
        String evidence = "Grafana dashboards in `ops/grafana/dashboards/` (provisioned by `ops/grafana/provisioning`,"
                + " `docker-compose.yml`), whose every query's metric is in a scrape of the running application"
                + " after real runs (`OperationsMetricsIT`, with the PromQL metric-name reader that"
                + " `PromQlMetricNamesTest` checks), both passed";
        if (in.repository().dashboards().isEmpty()) {
            return new Criterion(id, title, State.NOT_MET, "no dashboard in ops/grafana/dashboards", evidence, TESTS);
        }
        if (in.reports() == 0) {
            return notMeasured(id, title, evidence, TESTS);
        }
        List<TestCase> tests = in.tests().stream()
                .filter(testCase -> DASHBOARD_TESTS.contains(testCase.className()))
                .toList();
        Criterion byTests = byTests(
                id,
                title,
                evidence,
                TESTS,
                tests,
                String.join(
                        " and ",
                        new TreeSet<>(DASHBOARD_TESTS.stream()
                                .map(c -> c.substring(c.lastIndexOf('.') + 1))
                                .toList())));
        Set<String> classesSeen = new TreeSet<>();
        tests.forEach(testCase -> classesSeen.add(testCase.className()));
        State state = byTests.state() == State.MET && !classesSeen.containsAll(DASHBOARD_TESTS)
                ? State.NOT_MET
                : byTests.state();
        return new Criterion(
                id,
                title,
                state,
                "dashboards: " + in.repository().dashboards().size() + "; " + byTests.latest()
                        + (classesSeen.containsAll(DASHBOARD_TESTS) ? "" : " (not every dashboard test ran)"),
                evidence,
                TESTS);
    }

    static Criterion runbooks(Inputs in) {
        String id = "P1-EXIT-14";
        String title = "runbooks documented";
        String evidence = "runbooks `docs/runbooks/RB-*.md`, and `RunbookLinksTest` passed: every alert links to an"
                + " existing runbook that names it and says what it means and how to confirm and act";
        if (in.repository().runbooks().isEmpty()) {
            return new Criterion(id, title, State.NOT_MET, "no runbook in docs/runbooks", evidence, TESTS);
        }
        if (in.reports() == 0) {
            return notMeasured(id, title, evidence, TESTS);
        }
        List<TestCase> tests = in.tests().stream()
                .filter(testCase -> testCase.className().equals(RUNBOOK_TEST))
                .toList();
        Criterion byTests = byTests(id, title, evidence, TESTS, tests, "RunbookLinksTest");
        return new Criterion(
                id,
                title,
                byTests.state(),
                String.join(", ", in.repository().runbooks()) + "; " + byTests.latest(),
                evidence,
                TESTS);
    }

    // ---- helpers

    private static Criterion notMeasured(String id, String title, String evidence, String command) {
        return new Criterion(id, title, State.NOT_MEASURED, "not yet measured: run " + command, evidence, command);
    }

    /** Met when the tests ran and every one passed; not met when none ran or one did not pass. */
    private static Criterion byTests(
            String id, String title, String evidence, String command, List<TestCase> tests, String what) {
        if (tests.isEmpty()) {
            return new Criterion(id, title, State.NOT_MET, what + ": no test case in the reports", evidence, command);
        }
        List<String> notPassed = tests.stream()
                .filter(testCase -> testCase.outcome() != Outcome.PASSED)
                .map(testCase -> testCase.id() + " " + result(testCase))
                .toList();
        return new Criterion(
                id,
                title,
                notPassed.isEmpty() ? State.MET : State.NOT_MET,
                what + ": " + (tests.size() - notPassed.size()) + " of " + tests.size() + " test cases passed"
                        + (notPassed.isEmpty() ? "" : "; not passed: " + first(notPassed)),
                evidence,
                command);
    }

    private static List<TestCase> named(Inputs in, Predicate<Set<String>> ids) {
        return in.tests().stream()
                .filter(testCase -> testCase.outcome() != Outcome.SKIPPED)
                .filter(testCase -> ids.test(TraceabilityTable.ids(testCase.name())))
                .toList();
    }

    /** Test cases (skipped ones left out) by the given group of the IDs in their display names that match. */
    private static Map<String, List<TestCase>> byPattern(Inputs in, Pattern pattern, int group) {
        Map<String, List<TestCase>> byId = new TreeMap<>();
        for (TestCase testCase : in.tests()) {
            if (testCase.outcome() == Outcome.SKIPPED) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            for (String id : TraceabilityTable.ids(testCase.name())) {
                Matcher matcher = pattern.matcher(id);
                if (matcher.matches()) {
                    keys.add(matcher.group(group));
                }
            }
            keys.forEach(
                    key -> byId.computeIfAbsent(key, k -> new ArrayList<>()).add(testCase));
        }
        return byId;
    }

    private static List<String> notPassed(Map<String, List<TestCase>> byId) {
        return byId.entrySet().stream()
                .filter(entry -> entry.getValue().stream().anyMatch(testCase -> testCase.outcome() != Outcome.PASSED))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static long count(Map<String, List<TestCase>> byId) {
        return byId.values().stream().flatMap(List::stream).distinct().count();
    }

    private static String result(TestCase testCase) {
        return testCase.outcome().name().toLowerCase(Locale.ROOT);
    }

    private static String first(List<String> items) {
        int shown = 5;
        return String.join(", ", items.subList(0, Math.min(shown, items.size())))
                + (items.size() > shown ? " and " + (items.size() - shown) + " more" : "");
    }

    private static JsonNode gate(JsonNode evidence, String name) {
        for (JsonNode gate : evidence.path("gates")) {
            if (name.equals(gate.path("gate").asText())) {
                return gate;
            }
        }
        return null;
    }

    private static String of(Inputs in) {
        JsonNode evidence = in.gateEvidence();
        return " (commit " + abbreviate(evidence.path("commit").asText("unknown")) + ", "
                + evidence.path("evaluated_at").asText("?") + ")";
    }

    private static String soakOf(JsonNode soak) {
        return " (commit " + abbreviate(soak.path("commit").asText("unknown")) + ", finished "
                + soak.path("finishedAt").asText("?") + ")";
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static Map<String, JsonNode> workflows(JsonNode soak) {
        Map<String, JsonNode> byName = new TreeMap<>();
        soak.path("workflows").forEach(w -> byName.put(w.path("workflow").asText(), w));
        return byName;
    }

    private static String soakCommand(Inputs in) {
        if (in.soak() != null && !in.soak().path("command").asText().isBlank()) {
            return "`" + in.soak().path("command").asText() + "`";
        }
        return in.soakCommand();
    }

    // ---- output

    /** The generated section of docs/exit-criteria.md. */
    static String markdown(List<Criterion> criteria, String sources) {
        StringBuilder md = new StringBuilder();
        md.append("Generated by `.ci/exit-criteria` (`ExitCriteria`, docs/ci.md) from ")
                .append(sources)
                .append(".\n\n");
        Map<State, Integer> counts = new TreeMap<>();
        criteria.forEach(c -> counts.merge(c.state(), 1, Integer::sum));
        List<String> summary = new ArrayList<>();
        counts.forEach((state, count) -> summary.add(count + " " + state.label()));
        md.append(String.join(", ", summary))
                .append(" of ")
                .append(criteria.size())
                .append(".\n\n");
        md.append("| ID | criterion | state | latest result |\n|---|---|---|---|\n");
        for (Criterion c : criteria) {
            md.append("| ")
                    .append(c.id())
                    .append(" | ")
                    .append(c.title())
                    .append(" | ")
                    .append(
                            c.state() == State.MET
                                    ? c.state().label()
                                    : "**" + c.state().label() + "**")
                    .append(" | ")
                    .append(cell(c.latest()))
                    .append(" |\n");
        }
        md.append("\n| ID | evidence | command |\n|---|---|---|\n");
        for (Criterion c : criteria) {
            md.append("| ")
                    .append(c.id())
                    .append(" | ")
                    .append(cell(c.evidence()))
                    .append(" | ")
                    .append(cell(c.command()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String replaceSection(String document, String section) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no generated section (" + BEGIN + " ... " + END + ")");
        }
        int afterBegin = document.indexOf('\n', begin) + 1;
        return document.substring(0, afterBegin) + "\n" + section + "\n" + document.substring(end);
    }

    // ---- inputs

    static Repository repository(Path root) throws IOException {
        Path golden = root.resolve("docs/golden-suite.md");
        String doc = Files.isRegularFile(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : null;
        return new Repository(
                doc,
                names(root.resolve("docs/runbooks"), name -> name.matches("RB-\\d+.*\\.md")),
                names(root.resolve("ops/grafana/dashboards"), name -> name.endsWith(".json")));
    }

    private static List<String> names(Path directory, Predicate<String> keep) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && Files.size(file) > 0 && keep.test(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static JsonNode json(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        return new ObjectMapper().readTree(file.toFile());
    }

    public static void main(String[] args) {
        Path root = Path.of(".");
        Path gateEvidence = null;
        Path flakeReport = null;
        Path traceability = null;
        Path soak = null;
        String soakCommand = "the soak harness (issue 18, docs/performance.md), which writes `target/soak/report.json`";
        Path out = Path.of("target/ci-artifacts");
        Path docs = null;
        List<Path> inputs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--repo" -> root = Path.of(args[++i]);
                    case "--gate-evidence" -> gateEvidence = Path.of(args[++i]);
                    case "--flake-report" -> flakeReport = Path.of(args[++i]);
                    case "--traceability" -> traceability = Path.of(args[++i]);
                    case "--soak" -> soak = Path.of(args[++i]);
                    case "--soak-command" -> soakCommand = args[++i];
                    case "--out" -> out = Path.of(args[++i]);
                    case "--docs" -> docs = Path.of(args[++i]);
                    default -> inputs.add(Path.of(args[i]));
                }
            }
            List<Path> reports = JUnitXmlReports.reportFiles(inputs);
            Inputs in = new Inputs(
                    JUnitXmlReports.read(reports),
                    reports.size(),
                    json(gateEvidence),
                    json(flakeReport),
                    json(traceability),
                    json(soak),
                    soakCommand,
                    repository(root));
            List<Criterion> criteria = evaluate(in);
            List<String> sources = new ArrayList<>();
            sources.add(reports.size() + " JUnit XML reports");
            sources.add(in.gateEvidence() == null ? "no gate evidence" : "the gate evidence");
            sources.add(in.flakeReport() == null ? "no flake report" : "the flake report");
            sources.add(in.traceability() == null ? "no traceability table" : "the traceability table");
            sources.add(in.soak() == null ? "no soak report" : "the soak report");
            String source = String.join(", ", sources) + " and the repository";
            String section = markdown(criteria, source);
            Files.createDirectories(out);
            Files.writeString(out.resolve("exit-criteria.md"), "# Exit criteria\n\n" + section, StandardCharsets.UTF_8);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.resolve("exit-criteria.json").toFile(), criteria);
            if (docs != null) {
                String document = Files.readString(docs, StandardCharsets.UTF_8);
                Files.writeString(docs, replaceSection(document, section), StandardCharsets.UTF_8);
            }
            for (Criterion c : criteria) {
                System.out.println(c.id() + " "
                        + (c.state() == State.NOT_MEASURED ? "" : c.state().label() + ": ") + c.latest());
            }
            System.out.println(
                    "exit criteria -> " + out.resolve("exit-criteria.md") + (docs == null ? "" : " and " + docs));
        } catch (IOException | RuntimeException e) {
            System.err.println("exit criteria: " + e.getMessage());
            System.exit(2);
        }
    }
}
