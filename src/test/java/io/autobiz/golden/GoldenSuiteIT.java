package io.autobiz.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.gate.ArtifactHashes;
import io.autobiz.gate.CaseRun;
import io.autobiz.gate.DeployedArtifacts;
import io.autobiz.gate.EvaluateGate;
import io.autobiz.gate.GateEvidence;
import io.autobiz.gate.GateEvidenceFiles;
import io.autobiz.gate.GateEvidenceStore;
import io.autobiz.gate.GateMetrics;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.testing.stage.GoldenSuite;
import io.autobiz.testsupport.MutableClock;
import io.autobiz.testsupport.PostgresWebIT;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.webhooks.EventPoller;
import io.autobiz.workflows.FulfilmentWorkflows;
import io.autobiz.workflows.OrderCancelWorkflows;
import io.autobiz.workflows.PaymentFailureWorkflows;
import io.autobiz.workflows.RefundWorkflows;
import io.autobiz.workflows.WismoWorkflows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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
class GoldenSuiteIT extends PostgresWebIT {

    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static final ObjectMapper TRACE_JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Order numbers of the suite's own, far from the other ITs' (they share the database). */
    private static final AtomicLong ORDERS =
            new AtomicLong(7_000_000L + (System.currentTimeMillis() % 1_000_000L) * 100);

    @DynamicPropertySource
    static void providersAndSecrets(DynamicPropertyRegistry registry) {
        ProviderStubs.properties(PROVIDERS).forEach((key, value) -> registry.add(key, () -> value));
        String base = "http://127.0.0.1:" + PROVIDERS.port();
        registry.add("autobiz.slack.methods-url", () -> base + "/slack/api/");
        // Approvals and escalations are also posted to the store's Slack channel (test-only bot token).
        registry.add("autobiz.approvals.slack.acme.channel", () -> "C0GOLDEN");
        registry.add("autobiz.tenants.acme.secrets[slack.bot_token]", () -> "xoxb-it-fake-golden-token");
        registry.add("autobiz.llm.base-url", () -> base + "/llm/primary/v1");
        registry.add("autobiz.llm.model", () -> "gpt-4o-mini");
        registry.add("autobiz.llm.timeout", () -> "PT2S");
        registry.add("autobiz.llm.fallback-base-url", () -> base + "/llm/fallback/v1");
        registry.add("autobiz.llm.fallback-model", () -> "llama-3.1-8b-instruct");
        registry.add("autobiz.llm.fallback-timeout", () -> "PT5S");
        registry.add("autobiz.webhooks.processor.enabled", () -> "false");
        registry.add("autobiz.reconciliation.enabled", () -> "false");
        registry.add("autobiz.tenants.acme.secrets[shopify.webhook_secret]", () -> GoldenRunner.SHOPIFY_SECRET);
        // A candidate (docs/golden-suite.md, "Run it for a candidate"): its configs are found first, its diagrams are
        // the ones deployed. The evidence names what actually ran either way (DeployedArtifacts).
        String candidateConfig = System.getProperty("golden.config");
        if (candidateConfig != null && !candidateConfig.isBlank()) {
            registry.add(
                    "autobiz.business-config.locations",
                    () -> candidateDirectory(candidateConfig).toUri() + ",classpath*:business-config/");
        }
        String candidateProcesses = System.getProperty("golden.processes");
        if (candidateProcesses != null && !candidateProcesses.isBlank()) {
            registry.add(
                    "camunda.bpm.deployment-resource-pattern",
                    () -> candidateDirectory(candidateProcesses).toUri() + "*.bpmn,classpath*:forms/*.form");
        }
    }

    /** A candidate's folder: absolute, or relative to the repository's root. */
    private static Path candidateDirectory(String given) {
        Path directory = repositoryRoot().resolve(given).toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("golden candidate folder " + directory + " does not exist");
        }
        return directory;
    }

    @TestConfiguration
    static class SuiteClock {
        @Bean
        @Primary
        Clock goldenClock() {
            return CLOCK;
        }
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.stop();
    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    EventPoller poller;

    @Autowired
    Approvals approvals;

    @Autowired
    JdbcReceipts receipts;

    @Autowired
    Traces traces;

    @Autowired
    RefundWorkflows refunds;

    @Autowired
    OrderCancelWorkflows cancels;

    @Autowired
    PaymentFailureWorkflows paymentFailures;

    @Autowired
    WismoWorkflows wismo;

    @Autowired
    FulfilmentWorkflows fulfilments;

    @Autowired
    GateMetrics gateMetrics;

    @Autowired
    DeployedArtifacts deployed;

    @Autowired
    GateEvidenceStore evidenceStore;

    @TestFactory
    @DisplayName("P1-T18 golden suite: every case, golden.runs times, then the deploy gate")
    Stream<DynamicNode> goldenSuite() throws IOException {
        int runs = Integer.getInteger("golden.runs", 3);
        int p1Repeat = Integer.getInteger("golden.p1-repeat", 3);
        List<GoldenCase> cases = cases();
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
        GoldenRunner runner = new GoldenRunner(
                engine,
                PROVIDERS,
                poller,
                CLOCK,
                approvals,
                receipts,
                traces,
                new GoldenRunner.Services(refunds, cancels, paymentFailures, wismo, fulfilments),
                port);

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
            Path target = root.resolve("src/target");
            GateEvidence evidence = EvaluateGate.evaluate(
                    root,
                    done,
                    List.of(target.resolve("surefire-reports"), target.resolve("failsafe-reports")),
                    configsTested,
                    diagramsTested);
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

    private static boolean isP1(GoldenCase golden) {
        return List.of("WF05", "WF06", "WF07").contains(golden.workflow());
    }

    static List<GoldenCase> cases() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:golden/cases/*.yaml");
        List<GoldenCase> cases = new ArrayList<>();
        for (Resource file : files) {
            String name = file.getFilename();
            try (InputStream in = file.getInputStream()) {
                cases.add(GoldenCase.read(name.substring(0, name.length() - ".yaml".length()), in));
            }
        }
        cases.sort((a, b) -> a.id().compareTo(b.id()));
        return cases;
    }

    /** {@code src/target/golden}: beside {@code test-classes}, wherever the build puts it. */
    private static Path outputDirectory() {
        return testClasses().getParent().resolve("golden");
    }

    private static Path repositoryRoot() {
        return testClasses().getParent().getParent().getParent();
    }

    private static Path testClasses() {
        try {
            return Path.of(GoldenSuiteIT.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
