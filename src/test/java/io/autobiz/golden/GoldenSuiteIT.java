package io.autobiz.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.autobiz.gate.ArtifactHashes;
import io.autobiz.gate.CaseRun;
import io.autobiz.gate.DeployedArtifacts;
import io.autobiz.gate.EvaluateGate;
import io.autobiz.gate.GateEvidence;
import io.autobiz.gate.GateEvidenceFiles;
import io.autobiz.gate.GateEvidenceStore;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.testing.stage.GoldenSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The golden suite (P1-TASK-18, docs/golden-suite.md): every case of {@code golden/cases/*.yaml} against the real
 * application on PostgreSQL and Redis — webhook ingress, event processor, engine, kernel — with the providers on
 * WireMock. The suite runs {@code golden.runs} times (default 3, the seed's 3-run logic); the P1 workflows' cases
 * (WF05–WF07) run {@code golden.p1-repeat} times per suite run (default 3) so their gate has enough trials. Each case
 * run is one dynamic test and one line of {@code src/target/golden/results.jsonl}; the last test evaluates the gate,
 * writes {@code gate-evidence.json} with the hashes of the configs and diagrams the application ran (so the deploy
 * gate can match a candidate against it) and records it in {@code gate_evidence}. {@code -Dgolden.config=<folder>}
 * and {@code -Dgolden.processes=<folder>} run it for a candidate.
 */
@GoldenSuite
class GoldenSuiteIT extends GoldenApplication {

    private static final ObjectMapper TRACE_JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Autowired
    DeployedArtifacts deployed;

    @Autowired
    GateEvidenceStore evidenceStore;

    @TestFactory
    @DisplayName("P1-T18 golden suite: every case, golden.runs times, then the deploy gate")
    Stream<DynamicNode> goldenSuite() throws IOException {
        int runs = Integer.getInteger("golden.runs", 3);
        int p1Repeat = Integer.getInteger("golden.p1-repeat", 3);
        // -Dgolden.cases=<regex> runs only the cases whose id matches (e.g. "wf07-.*"), for working on a few.
        Pattern only = Pattern.compile(System.getProperty("golden.cases", ".*"));
        List<GoldenCase> cases =
                cases().stream().filter(c -> only.matcher(c.id()).matches()).toList();
        Path out = outputDirectory();
        Files.createDirectories(out);
        Path results = out.resolve("results.jsonl");
        Files.writeString(results, "", StandardCharsets.UTF_8);
        Path failedTraces = out.resolve("failed-traces");
        if (Files.isDirectory(failedTraces)) {
            try (Stream<Path> stale = Files.list(failedTraces)) {
                for (Path file : stale.toList()) {
                    Files.delete(file);
                }
            }
        }
        List<CaseRun> done = new ArrayList<>();
        // What this suite run tests: every store's active config and the diagrams new runs start on, hashed as the
        // deploy gate hashes a candidate, so evidence of this run matches exactly these and nothing else.
        ArtifactHashes configsTested = deployed.configs();
        ArtifactHashes diagramsTested = deployed.diagrams();
        GoldenRunner runner = runner();

        List<DynamicNode> tests = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (GoldenCase golden : cases) {
                int repeats = isP1(golden) ? p1Repeat : 1;
                for (int repeat = 1; repeat <= repeats; repeat++) {
                    int trial = (run - 1) * repeats + repeat;
                    tests.add(DynamicTest.dynamicTest(
                            "run " + trial + " " + golden.id() + " (" + golden.workflow() + " "
                                    + String.join(" ", golden.seedTests()) + ")",
                            () -> {
                                long started = System.nanoTime();
                                String failure = runner.run(golden, ORDERS.incrementAndGet());
                                CaseRun result = new CaseRun(
                                        golden.id(),
                                        golden.workflow(),
                                        golden.seedTests(),
                                        trial,
                                        failure == null,
                                        failure,
                                        (System.nanoTime() - started) / 1_000_000);
                                done.add(result);
                                if (failure != null) {
                                    writeTrace(runner, out.resolve("failed-traces"), golden.id() + "-run" + trial);
                                }
                                Files.writeString(
                                        results,
                                        GateEvidenceFiles.line(result) + "\n",
                                        StandardCharsets.UTF_8,
                                        StandardOpenOption.APPEND);
                                assertThat(failure).as(golden.title()).isNull();
                            }));
                }
            }
        }
        tests.add(DynamicTest.dynamicTest("P1-T18 P1-T-EXIT-05 gate evidence of this suite run", () -> {
            Path root = repositoryRoot();
            GateEvidence evidence = EvaluateGate.evaluate(
                    root, done, EvaluateGate.reportDirectories(root), configsTested, diagramsTested);
            GateEvidenceFiles.write(evidence, out.resolve("gate-evidence.json"));
            gateMetrics.show(evidence);
            assertThat(deployed.diagrams().combined())
                    .as("the diagrams did not change while the suite ran")
                    .isEqualTo(diagramsTested.combined());
            evidenceStore.record(
                    Files.readString(out.resolve("gate-evidence.json"), StandardCharsets.UTF_8),
                    GateEvidenceStore.Source.SUITE,
                    "golden-suite");
            assertThat(evidence.gates())
                    .filteredOn(gate -> gate.gate().startsWith("golden_"))
                    .as("the golden gates of this run")
                    .allSatisfy(gate -> assertThat(gate.passed())
                            .as(gate.gate() + " n=" + gate.n() + " k=" + gate.k() + " lcb=" + gate.wilsonLowerBound()
                                    + " failures=" + gate.failures())
                            .isTrue());
        }));
        return tests.stream();
    }
    /** A failed run's kernel trace, one JSON line per event, for CI's artifacts ({@code failed-traces/}). */
    private static void writeTrace(GoldenRunner runner, Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        StringBuilder lines = new StringBuilder();
        for (StoredTraceEvent event : runner.lastRunTrace()) {
            lines.append(TRACE_JSON.writeValueAsString(event)).append('\n');
        }
        Files.writeString(directory.resolve(name + ".jsonl"), lines, StandardCharsets.UTF_8);
    }
}
