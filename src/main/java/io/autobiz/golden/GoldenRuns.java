package io.autobiz.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autobiz.gate.ArtifactHashes;
import io.autobiz.gate.CaseRun;
import io.autobiz.gate.DeployGate;
import io.autobiz.gate.DeployedArtifacts;
import io.autobiz.gate.Gate;
import io.autobiz.gate.GateEvidenceFiles;
import io.autobiz.gate.GateEvidenceStore;
import io.autobiz.gate.GateResult;
import io.autobiz.gate.Release;
import io.autobiz.gate.Tally;
import io.autobiz.tenancy.TenantProperties;
import jakarta.annotation.PreDestroy;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Golden runs an administrator starts for a candidate (docs/golden-suite.md, "Run it from the admin API"). A run is a
 * child JVM of the same application ({@link GoldenRunCommand}) with a scratch in-memory database and the in-process
 * sandboxes, never this node's engine, clock, database or providers: the runner moves the engine's JVM-wide clock and
 * runs due jobs itself. This node writes the candidate into the run's folder (the candidate config as {@code
 * <store>.yml}; the diagrams this node runs with the candidate's laid over them, so the evidence's BPMN hash is the
 * one the deploy gate computes), starts the child, and when it ends stores its evidence through {@link
 * GateEvidenceStore} ({@code source = SUITE}), where the deploy gate reads it as it reads uploaded evidence.
 *
 * <p>One run at a time per node (the node has other work). Runs are kept in {@code golden_runs}, so every node and a
 * restarted one answer for them; their case results are in the run's folder on the node that ran it. A child still
 * running is stopped with its node, and the run ends FAILED.
 */
@Component
@ConditionalOnProperty(name = "autobiz.golden.child", havingValue = "false", matchIfMissing = true)
public class GoldenRuns {

    /** Where a run is. */
    public enum State {
        RUNNING,
        DONE,
        FAILED
    }

    /** A candidate that cannot be run: what is wrong with it. */
    public static final class BadCandidate extends RuntimeException {
        BadCandidate(String message) {
            super(message);
        }
    }

    /** A run is already going on. */
    public static final class Busy extends RuntimeException {
        Busy(String runId) {
            super("golden run " + runId + " is still running; one run at a time");
        }
    }

    /**
     * What to run.
     *
     * @param store the store whose config is the candidate (cases written for the test store {@code acme} play in it)
     * @param config the candidate BusinessConfig YAML of {@code store}; null for diagrams only
     * @param diagrams candidate BPMN diagrams (file name → XML) laid over the ones this node runs; empty for a config
     * @param codeEvidenceSha256 CI's evidence of the running release, whose hygiene and P0-test gates the run's evidence
     *     carries (a run plays the golden cases only); null: those gates have no trials and block
     * @param cases a regular expression over case IDs; null: every case
     * @param runs how often the suite runs; null: 3
     * @param p1Repeat how often each P1 case runs per suite run; null: 3
     */
    public record Candidate(
            String store,
            String config,
            Map<String, String> diagrams,
            String codeEvidenceSha256,
            String cases,
            Integer runs,
            Integer p1Repeat) {}

    /** A run: one this node started, or one it read back from {@code golden_runs}. */
    public final class Run {
        private final String id;
        private final Candidate candidate;
        private final String admin;
        private final Path directory;
        private final Instant startedAt;
        private volatile State state = State.RUNNING;
        private volatile Instant finishedAt;
        private volatile String problem;
        private volatile GateEvidenceStore.Stored evidence;
        private volatile Process child;
        private String node = nodeId;

        private Run(GoldenRunRows.Row row) {
            this(row.id(), row.candidate(), row.startedBy(), row.directory(), row.startedAt());
            this.node = row.nodeId();
            this.state = row.state();
            this.finishedAt = row.finishedAt();
            this.problem = row.problem();
            this.evidence = row.evidenceSha256() == null
                    ? null
                    : evidenceStore.bySha256(row.evidenceSha256()).orElse(null);
        }

        Run(String id, Candidate candidate, String admin, Path directory, Instant startedAt) {
            this.id = id;
            this.candidate = candidate;
            this.admin = admin;
            this.directory = directory;
            this.startedAt = startedAt;
        }

        public String id() {
            return id;
        }

        public State state() {
            return state;
        }

        public Optional<GateEvidenceStore.Stored> evidence() {
            return Optional.ofNullable(evidence);
        }

        /** What the run and the deploy gate say now, for {@code GET /admin/gate/golden-runs/{id}}. */
        public Map<String, Object> describe() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("state", state);
            body.put("started_by", admin);
            // Its case results are in its folder there.
            body.put("node", node);
            body.put("started_at", startedAt.toString());
            body.put("finished_at", finishedAt == null ? null : finishedAt.toString());
            body.put("store", candidate.store());
            body.put(
                    "config_sha256",
                    candidate.config() == null
                            ? null
                            : ArtifactHashes.fileHash(candidate.config().getBytes(StandardCharsets.UTF_8)));
            body.put("diagrams", candidate.diagrams().keySet());
            List<CaseRun> results = results();
            body.put("case_runs", results.size());
            body.put(
                    "case_runs_failed",
                    results.stream().filter(run -> !run.passed()).count());
            body.put("results", results);
            body.put("not_played", notPlayed());
            if (problem != null) {
                body.put("problem", problem);
            }
            if (evidence != null) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("evidence_sha256", evidence.sha256());
                summary.put("business_config_files", evidence.evidence().businessConfigFiles());
                summary.put("bpmn_hash", evidence.evidence().bpmnHash());
                summary.put("deploy_blocked", !evidence.failingGates().isEmpty());
                summary.put(
                        "blocked_by",
                        evidence.failingGates().stream().map(GateResult::gate).toList());
                summary.put("gates", evidence.evidence().gates());
                body.put("evidence", summary);
                DeployGate.Decision decision = decision(candidate);
                Map<String, Object> gate = new LinkedHashMap<>();
                gate.put("allowed", decision.allowed());
                gate.put("message", decision.allowed() ? "the deploy gate accepts this candidate" : decision.message());
                decision.evidence().ifPresent(stored -> gate.put("evidence_sha256", stored.sha256()));
                body.put("deploy_gate", gate);
            }
            return body;
        }

        private List<CaseRun> results() {
            Path file = directory.resolve(GoldenRunCommand.RESULTS);
            return Files.exists(file) ? GateEvidenceFiles.readResults(file) : List.of();
        }

        @SuppressWarnings("unchecked")
        private Map<String, String> notPlayed() {
            Path file = directory.resolve(GoldenRunCommand.NOT_PLAYED);
            try {
                return Files.exists(file) ? JSON.readValue(file.toFile(), Map.class) : Map.of();
            } catch (IOException e) {
                return Map.of();
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(GoldenRuns.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STORE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern DIAGRAM = Pattern.compile("[A-Za-z0-9._-]{1,100}\\.bpmn");
    private static final int MAX_RUNS = 10;
    private static final int MAX_P1_REPEAT = 10;
    static final String STOPPED_WHILE_RUNNING = "this node stopped while the run was going on";

    private final DeployedArtifacts deployed;
    private final DeployGate gate;
    private final GateEvidenceStore evidenceStore;
    private final Release release;
    private final TenantProperties stores;
    private final Clock clock;
    private final Path runsDirectory;
    private final String childHeap;
    private final Duration timeout;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final GoldenRunRows rows;
    private final String nodeId;
    private final SecureRandom random = new SecureRandom();

    public GoldenRuns(
            DataSource dataSource,
            @Value("${autobiz.cluster.node-id}") String nodeId,
            DeployedArtifacts deployed,
            DeployGate gate,
            GateEvidenceStore evidenceStore,
            Release release,
            TenantProperties stores,
            Clock clock,
            @Value("${autobiz.golden.runs-directory:${java.io.tmpdir}/autobiz-golden-runs}") Path runsDirectory,
            @Value("${autobiz.golden.child-heap:768m}") String childHeap,
            @Value("${autobiz.golden.timeout:PT45M}") Duration timeout) {
        this.rows = new GoldenRunRows(dataSource);
        this.nodeId = nodeId;
        this.deployed = deployed;
        this.gate = gate;
        this.evidenceStore = evidenceStore;
        this.release = release;
        this.stores = stores;
        this.clock = clock;
        this.runsDirectory = runsDirectory;
        this.childHeap = childHeap;
        this.timeout = timeout;
    }

    /** A run this node is playing, else as {@code golden_runs} has it (a run of another node, or of before a restart). */
    public Optional<Run> find(String id) {
        Run playing = runs.get(id);
        return playing != null ? Optional.of(playing) : rows.find(id).map(Run::new);
    }

    /**
     * Runs this node had started when it stopped: their children stopped with it and nobody stores their evidence, so
     * they end FAILED. After the database migrated, before anything else here.
     */
    @EventListener(ApplicationReadyEvent.class)
    void failRunsOfBeforeARestart() {
        int abandoned = rows.abandoned(nodeId, clock.instant(), STOPPED_WHILE_RUNNING);
        if (abandoned > 0) {
            log.warn("{} golden run(s) of this node ({}) ended FAILED: {}", abandoned, nodeId, STOPPED_WHILE_RUNNING);
        }
    }

    /**
     * Starts a run of {@code candidate} for {@code admin}.
     *
     * @throws BadCandidate when the candidate names no config and no diagrams, an unknown store, a blank config, a
     *     diagram that is not a {@code .bpmn} file, evidence this node does not have, or an invalid case pattern
     * @throws Busy when a run is still going on
     */
    public synchronized Run start(Candidate given, String admin) {
        Candidate candidate = checked(given);
        runs.values().stream()
                .filter(run -> run.state() == State.RUNNING)
                .findFirst()
                .ifPresent(run -> {
                    throw new Busy(run.id());
                });
        String id = UUID.randomUUID().toString();
        Path directory = runsDirectory.resolve(id);
        try {
            prepare(directory, candidate);
            Run run = new Run(id, candidate, admin, directory, clock.instant());
            rows.started(new GoldenRunRows.Row(
                    id, State.RUNNING, nodeId, admin, run.startedAt, candidate, directory, null, null, null));
            Process child;
            try {
                child = launch(directory, candidate);
            } catch (IOException | RuntimeException e) {
                rows.finished(id, State.FAILED, clock.instant(), "the golden run's JVM did not start: " + e, null);
                throw e;
            }
            run.child = child;
            runs.put(id, run);
            Thread watcher = new Thread(() -> watch(run, child), "golden-run-" + id.substring(0, 8));
            watcher.setDaemon(true);
            watcher.start();
            log.info(
                    "admin {} started golden run {} (store {}, diagrams {})",
                    admin,
                    id,
                    candidate.store(),
                    candidate.diagrams().keySet());
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start golden run " + id, e);
        }
    }

    /** A child still running is stopped with this node: nobody would store its evidence. */
    @PreDestroy
    void stopRunningChildren() {
        runs.values().stream()
                .filter(run -> run.state() == State.RUNNING && run.child != null)
                .forEach(run -> {
                    log.warn("golden run {} stopped: this node is shutting down", run.id);
                    run.child.destroyForcibly();
                });
    }

    private Candidate checked(Candidate given) {
        Map<String, String> diagrams = given.diagrams() == null ? Map.of() : given.diagrams();
        boolean hasConfig = given.config() != null;
        if (!hasConfig && diagrams.isEmpty()) {
            throw new BadCandidate("a candidate names a config (store and config) or diagrams, or both");
        }
        String store = given.store();
        if (hasConfig || store != null) {
            if (store == null
                    || !STORE.matcher(store).matches()
                    || !stores.tenants().containsKey(store)) {
                throw new BadCandidate("store '" + store + "' is not a store of this application");
            }
        }
        if (hasConfig && given.config().isBlank()) {
            throw new BadCandidate("the candidate config is empty");
        }
        for (Map.Entry<String, String> diagram : diagrams.entrySet()) {
            if (!DIAGRAM.matcher(diagram.getKey()).matches()
                    || diagram.getValue() == null
                    || !diagram.getValue().contains("<")) {
                throw new BadCandidate("diagram '" + diagram.getKey() + "' is not a <name>.bpmn file with BPMN XML");
            }
        }
        if (given.codeEvidenceSha256() != null) {
            GateEvidenceStore.Stored code = evidenceStore
                    .bySha256(given.codeEvidenceSha256())
                    .orElseThrow(() -> new BadCandidate(
                            "no intact evidence " + given.codeEvidenceSha256() + " to carry the code gates from"));
            // The code gates vouch for the code their tests ran on: only CI's evidence of the commit this node runs
            // may carry them into a run of this node's code.
            String running = release.commit()
                    .orElseThrow(() -> new BadCandidate("this node does not know the commit it was built from (no"
                            + " git.properties in its jar), so no CI evidence can vouch for its code; build it from a"
                            + " Git checkout"));
            if (!running.equals(code.evidence().commit())) {
                throw new BadCandidate("evidence " + given.codeEvidenceSha256() + " is of commit "
                        + code.evidence().commit() + ", but this node runs commit " + running
                        + "; name CI's evidence of the release this node runs");
            }
        }
        if (given.cases() != null) {
            try {
                Pattern.compile(given.cases());
            } catch (PatternSyntaxException e) {
                throw new BadCandidate("cases is not a regular expression: " + e.getDescription());
            }
        }
        int suiteRuns = given.runs() == null ? 3 : given.runs();
        int p1Repeat = given.p1Repeat() == null ? 3 : given.p1Repeat();
        if (suiteRuns < 1 || suiteRuns > MAX_RUNS || p1Repeat < 1 || p1Repeat > MAX_P1_REPEAT) {
            throw new BadCandidate("runs is 1.." + MAX_RUNS + " and p1_repeat 1.." + MAX_P1_REPEAT);
        }
        return new Candidate(
                store,
                given.config(),
                Map.copyOf(diagrams),
                given.codeEvidenceSha256(),
                given.cases(),
                suiteRuns,
                p1Repeat);
    }

    /** The run's folder: the request, the candidate config, the diagrams to deploy. */
    private void prepare(Path directory, Candidate candidate) throws IOException {
        Files.createDirectories(directory.resolve("config"));
        Files.createDirectories(directory.resolve("processes"));
        if (candidate.config() != null) {
            Files.writeString(
                    directory.resolve("config").resolve(ArtifactHashes.configFile(candidate.store())),
                    candidate.config(),
                    StandardCharsets.UTF_8);
        }
        Map<String, byte[]> laidOver = new LinkedHashMap<>();
        candidate.diagrams().forEach((name, xml) -> laidOver.put(name, xml.getBytes(StandardCharsets.UTF_8)));
        for (Map.Entry<String, byte[]> diagram :
                deployed.diagramFilesWith(laidOver).entrySet()) {
            Files.write(
                    directory.resolve("processes").resolve(ArtifactHashes.fileName(diagram.getKey())),
                    diagram.getValue());
        }
        Map<String, Tally> codeGates = new LinkedHashMap<>();
        String commit = "unknown";
        if (candidate.codeEvidenceSha256() != null) {
            GateEvidenceStore.Stored code =
                    evidenceStore.bySha256(candidate.codeEvidenceSha256()).orElseThrow();
            commit = code.evidence().commit();
            for (GateResult result : code.evidence().gates()) {
                if (result.gate().equals(Gate.HYGIENE.label()) || result.gate().equals(Gate.P0_TESTS.label())) {
                    codeGates.put(result.gate(), new Tally(result.n(), result.k(), result.failures()));
                }
            }
        }
        JSON.writeValue(
                directory.resolve(GoldenRunCommand.REQUEST).toFile(),
                new GoldenRunCommand.Request(
                        candidate.store(),
                        candidate.cases(),
                        candidate.runs(),
                        candidate.p1Repeat(),
                        commit,
                        codeGates));
    }

    /**
     * The child: this application's code (its jar, or the classpath it was started with), profile {@code golden}, its
     * settings in {@code SPRING_APPLICATION_JSON} and none of this node's {@code SPRING_*} or {@code AUTOBIZ_*}
     * environment (no database URL, no secrets of this node reach it).
     */
    private Process launch(Path directory, Candidate candidate) throws IOException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Absolute: the child runs in the run's folder, and `java -jar autobiz.jar` gives a relative class path.
        String classpath = String.join(
                File.pathSeparator,
                Stream.of(System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator)))
                        .map(entry -> Path.of(entry).toAbsolutePath().toString())
                        .toList());
        List<String> command = new ArrayList<>(
                List.of(java, "-Xmx" + childHeap, "-Dautobiz.golden.run-directory=" + directory.toAbsolutePath()));
        if (isSpringBootJar(classpath)) {
            command.addAll(List.of("-Dloader.main=" + GoldenRunCommand.class.getName(), "-jar", classpath));
        } else {
            command.addAll(List.of("-cp", classpath, GoldenRunCommand.class.getName()));
        }
        command.add("--spring.profiles.active=golden");
        // The command (no secrets: those go in the environment), for an operator who wants to run the child again.
        Files.writeString(directory.resolve("command.txt"), String.join(" ", command) + "\n", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("child.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("AUTOBIZ_"));
        builder.environment()
                .put("SPRING_APPLICATION_JSON", JSON.writeValueAsString(childSettings(directory, candidate)));
        return builder.start();
    }

    private Map<String, Object> childSettings(Path directory, Candidate candidate) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("server.port", freePort());
        settings.put("autobiz.golden.child", "true");
        // The child's own administrator and master key: random, never shown, gone with the child.
        settings.put("autobiz.admin.user", "goldenrun");
        settings.put("autobiz.admin.password", "Gr-" + token(24) + "-9a");
        settings.put("autobiz.master-keys.current-key-id", "golden-run");
        settings.put(
                "autobiz.master-keys.keys[0]",
                "golden-run:" + Base64.getEncoder().encodeToString(bytes(32)));
        settings.put(
                "autobiz.business-config.locations",
                directory.resolve("config").toUri() + ",classpath*:golden/business-config/");
        settings.put(
                "camunda.bpm.deployment-resource-pattern",
                directory.resolve("processes").toUri() + "*.bpmn,classpath*:forms/*.form");
        String store = candidate.store();
        if (store != null && !store.equals("acme") && !store.equals(GoldenRunner.CLOSEOUT_STORE)) {
            // The candidate's store plays the cases written for acme: the same test settings as the golden acme.
            String prefix = "autobiz.tenants." + store + ".";
            settings.put(prefix + "display-name", "Golden run of " + store);
            settings.put(prefix + "shopify-shop", store + "-test.myshopify.com");
            // The cases' Printful webhooks name store 4242, and the sandboxes tell stores apart by their keys and
            // Printful store IDs: the candidate's store takes acme's store ID and keys of its own.
            settings.put(prefix + "printful-store-id", "4242");
            settings.put("autobiz.tenants.acme.printful-store-id", "4240");
            settings.put(prefix + "printful-catalog.TSHIRT-BLK-M", "4017");
            settings.put(prefix + "mail-from", "orders@example.com");
            for (String template : List.of(
                    "order-confirmation",
                    "order-shipped",
                    "refund-issued",
                    "payment-failed",
                    "order-cancelled",
                    "approval-timed-out",
                    "wismo-reply")) {
                settings.put(prefix + "mail-templates." + template, "d-golden-" + template);
            }
            settings.put(prefix + "secrets[stripe.api_key]", "sk_test_golden_" + store + "_only");
            settings.put(prefix + "secrets[shopify.access_token]", "shpat_golden_" + store + "_only");
            settings.put(prefix + "secrets[shopify.webhook_secret]", GoldenRunner.SHOPIFY_SECRET);
            settings.put(prefix + "secrets[printful.token]", "golden-" + store + "-only");
            settings.put(prefix + "secrets[printful.webhook_secret]", GoldenRunner.PRINTFUL_SECRET);
            settings.put(prefix + "secrets[sendgrid.api_key]", "SG.golden-" + store + "-only");
            settings.put(prefix + "secrets[slack.bot_token]", "xoxb-golden-" + store + "-only");
            settings.put("autobiz.approvals.slack." + store + ".channel", "C0GOLDEN");
        }
        return settings;
    }

    private void watch(Run run, Process child) {
        try {
            boolean ended = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                child.destroyForcibly();
                finish(run, State.FAILED, "the run took longer than " + timeout + " and was stopped");
                return;
            }
            Path evidenceFile = run.directory.resolve(GoldenRunCommand.EVIDENCE);
            if (child.exitValue() != 0 || !Files.exists(evidenceFile)) {
                finish(
                        run,
                        State.FAILED,
                        "the golden run's JVM ended with " + child.exitValue() + " without evidence; see "
                                + run.directory.resolve("child.log"));
                return;
            }
            run.evidence = evidenceStore.record(
                    Files.readString(evidenceFile, StandardCharsets.UTF_8),
                    GateEvidenceStore.Source.SUITE,
                    "golden-run " + run.id + " by " + run.admin);
            finish(run, State.DONE, null);
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            finish(run, State.FAILED, STOPPED_WHILE_RUNNING);
        } catch (IOException | RuntimeException e) {
            finish(run, State.FAILED, "the run's evidence could not be stored: " + e.getMessage());
        }
    }

    private void finish(Run run, State state, String problem) {
        run.problem = problem;
        run.finishedAt = clock.instant();
        run.state = state;
        try {
            rows.finished(run.id, state, run.finishedAt, problem, run.evidence == null ? null : run.evidence.sha256());
        } catch (RuntimeException e) {
            // This node still answers for the run from memory; after a restart it reads FAILED (see above).
            log.warn("golden run {}: its end could not be written to golden_runs: {}", run.id, e.toString());
        }
        if (problem != null) {
            log.warn("golden run {} failed: {}", run.id, problem);
        } else {
            log.info(
                    "golden run {} done: evidence {} (deploy_blocked={})",
                    run.id,
                    run.evidence.sha256(),
                    run.evidence.evidence().deployBlocked());
        }
    }

    private DeployGate.Decision decision(Candidate candidate) {
        if (candidate.config() != null) {
            return gate.forConfig(candidate.store(), candidate.config());
        }
        Map<String, byte[]> diagrams = new LinkedHashMap<>();
        candidate.diagrams().forEach((name, xml) -> diagrams.put(name, xml.getBytes(StandardCharsets.UTF_8)));
        return gate.forDiagrams(diagrams);
    }

    /** A Spring Boot jar (its manifest names a {@code Start-Class}): the child runs it with another main class. */
    private static boolean isSpringBootJar(String classpath) {
        if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classpath)) {
            return jar.getManifest() != null
                    && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String token(int length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(length));
    }
}
