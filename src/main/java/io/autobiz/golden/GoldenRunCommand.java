package io.autobiz.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autobiz.AutoBizApplication;
import io.autobiz.gate.ArtifactHashes;
import io.autobiz.gate.CaseRun;
import io.autobiz.gate.DeployedArtifacts;
import io.autobiz.gate.Gate;
import io.autobiz.gate.GateEvaluator;
import io.autobiz.gate.GateEvidence;
import io.autobiz.gate.GateEvidenceFiles;
import io.autobiz.gate.Tally;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.reconciliation.core.LocalTruth;
import io.autobiz.sandbox.printful.PrintfulSandbox;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.webhooks.EventPoller;
import io.autobiz.workflows.CloseoutWorkflows;
import io.autobiz.workflows.FulfilmentWorkflows;
import io.autobiz.workflows.OrderCancelWorkflows;
import io.autobiz.workflows.PaymentFailureWorkflows;
import io.autobiz.workflows.RefundWorkflows;
import io.autobiz.workflows.WismoWorkflows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The child JVM of a golden run ({@link GoldenRuns} starts it): the application from the same jar, profile
 * {@code golden} (an in-memory database of its own, the in-process sandboxes as providers, no job executor, no
 * webhook processor or reconciliation of its own), the candidate's configs and diagrams deployed from the run's folder.
 * It plays the cases ({@link GoldenRunner}), appends each result to {@code results.jsonl}, writes the cases it could
 * not play to {@code not-played.json} and the evidence to {@code gate-evidence.json}, and exits 0 (the run finished,
 * whatever the gate says) or 1 (it could not run). It reads its settings from its run folder's {@code request.json}.
 */
public final class GoldenRunCommand {

    /** Slower than any tool waits for its provider in a golden run (the LLM's timeout is PT2S). */
    static final int TIMEOUT_DELAY_MS = 4_000;

    static final String REQUEST = "request.json";
    static final String RESULTS = "results.jsonl";
    static final String NOT_PLAYED = "not-played.json";
    static final String EVIDENCE = "gate-evidence.json";

    private static final Logger log = LoggerFactory.getLogger(GoldenRunCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the serving node asks of the child.
     *
     * @param store the store whose config is the candidate's (cases written for {@code acme} play in it); null: acme
     * @param cases a regular expression over case IDs
     * @param runs how often the whole suite runs
     * @param p1Repeat how often each P1 case runs within one suite run
     * @param commit the commit the evidence names
     * @param codeGates the hygiene and P0-test gates' trials, carried from CI's evidence of the running release
     */
    record Request(String store, String cases, int runs, int p1Repeat, String commit, Map<String, Tally> codeGates) {}

    private GoldenRunCommand() {}

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args);
        } catch (Exception | Error e) {
            log.error("the golden run could not run", e);
            exit = 1;
        }
        System.exit(exit);
    }

    private static int run(String[] args) throws IOException {
        Path directory = Path.of(System.getProperty("autobiz.golden.run-directory"));
        Request request = JSON.readValue(directory.resolve(REQUEST).toFile(), Request.class);
        SpringApplication application = new SpringApplication(AutoBizApplication.class);
        application.setAdditionalProfiles("golden");
        try (ConfigurableApplicationContext context = application.run(args)) {
            play(context, directory, request);
        }
        return 0;
    }

    private static void play(ConfigurableApplicationContext context, Path directory, Request request)
            throws IOException {
        String store = request.store() == null ? "acme" : request.store();
        DeployedArtifacts deployed = context.getBean(DeployedArtifacts.class);
        ArtifactHashes configsTested = deployed.configs();
        ArtifactHashes diagramsTested = deployed.diagrams();
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        SandboxProviders providers = new SandboxProviders(
                context.getBean(SandboxJournal.class),
                context.getBean(ShopifySandbox.class),
                context.getBean(StripeSandbox.class),
                context.getBean(PrintfulSandbox.class));
        GoldenRunner runner = new GoldenRunner(
                context.getBean(ProcessEngine.class),
                providers,
                context.getBean(EventPoller.class),
                context.getBean(GoldenChildConfiguration.MovingClock.class),
                context.getBean(Approvals.class),
                context.getBean(JdbcReceipts.class),
                context.getBean(Traces.class),
                new GoldenRunner.Services(
                        context.getBean(RefundWorkflows.class),
                        context.getBean(OrderCancelWorkflows.class),
                        context.getBean(PaymentFailureWorkflows.class),
                        context.getBean(WismoWorkflows.class),
                        context.getBean(FulfilmentWorkflows.class),
                        context.getBean(CloseoutWorkflows.class),
                        context.getBean(LocalTruth.class)),
                port);

        Pattern only = Pattern.compile(request.cases() == null ? ".*" : request.cases());
        List<GoldenCase> playable = new ArrayList<>();
        Map<String, String> notPlayed = new LinkedHashMap<>();
        for (GoldenCase golden : GoldenCases.all()) {
            if (!only.matcher(golden.id()).matches()) {
                continue;
            }
            GoldenCase inStore = "acme".equals(golden.store()) ? golden.inStore(store) : golden;
            providers
                    .cannotPlay(inStore, List.of())
                    .ifPresentOrElse(why -> notPlayed.put(golden.id(), why), () -> playable.add(inStore));
        }
        Files.writeString(directory.resolve(NOT_PLAYED), JSON.writeValueAsString(notPlayed), StandardCharsets.UTF_8);

        Path results = directory.resolve(RESULTS);
        Files.writeString(results, "", StandardCharsets.UTF_8);
        List<CaseRun> done = new ArrayList<>();
        long order = 9_000_000L;
        for (int run = 1; run <= request.runs(); run++) {
            for (GoldenCase golden : playable) {
                int repeats = GoldenCases.isP1(golden) ? request.p1Repeat() : 1;
                for (int repeat = 1; repeat <= repeats; repeat++) {
                    int trial = (run - 1) * repeats + repeat;
                    long started = System.nanoTime();
                    String failure = runner.run(golden, ++order);
                    CaseRun result = new CaseRun(
                            golden.id(),
                            golden.workflow(),
                            golden.seedTests(),
                            trial,
                            failure == null,
                            failure,
                            (System.nanoTime() - started) / 1_000_000);
                    done.add(result);
                    Files.writeString(
                            results,
                            GateEvidenceFiles.line(result) + "\n",
                            StandardCharsets.UTF_8,
                            StandardOpenOption.APPEND);
                }
            }
        }

        Map<Gate, Tally> tallies = new EnumMap<>(Gate.class);
        for (Gate gate : List.of(Gate.HYGIENE, Gate.P0_TESTS)) {
            Tally carried =
                    request.codeGates() == null ? null : request.codeGates().get(gate.label());
            if (carried != null) {
                tallies.put(gate, carried);
            }
        }
        tallies.putAll(GateEvaluator.tallyGolden(done));
        GateEvidence evidence =
                new GateEvaluator(Clock.systemUTC()).evaluate(tallies, request.commit(), configsTested, diagramsTested);
        GateEvidenceFiles.write(evidence, directory.resolve(EVIDENCE));
        log.info(
                "golden run done: {} case runs, {} cases not played, deploy_blocked={}",
                done.size(),
                notPlayed.size(),
                evidence.deployBlocked());
    }
}
