package io.autobiz.perf;

import io.autobiz.perf.noop.NoopBaselineConfiguration;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * P3 (issue 19): completed WF01 order fulfilments per second, end to end, beside the same diagram with no-op delegates
 * on the same engine and database in the same run; with {@code -Dperf.nodes=2}, the same on two nodes sharing the
 * database (scale-out).
 *
 * <p>WF01: a signed Shopify {@code orders/paid} webhook per order (ingress, the event store, the event processor,
 * which starts the run), then the application's own job executor runs fetch order, fetch payment, the check, the
 * Printful draft, the capture, the confirmation and the confirmation mail as kernel tool calls against
 * {@link ProviderStandIns} in this JVM; once the run waits for its shipment (its message subscription is in the
 * database) this JVM sends Printful's signed {@code shipment_sent} webhook, and the run mails the customer and ends.
 * The baseline: {@link NoopBaselineConfiguration}'s copy, started and continued through the engine's REST API
 * ({@code POST /engine-rest/message}, as the administrator), so it has the same jobs, variables and history but no
 * ingress, no event processing and no kernel.
 *
 * <p>Closed loop: at most {@code perf.inFlight} runs at once; a new order is sent when one ends. Every run must end at
 * "Order fulfilled", with no incident. Rates and durations are the engine's (act_hi_procinst start and end), over the
 * steady part of the phase: from the end of the warm-up's last run to the end of the run {@code inFlight} before the
 * last (the drain at the end, with fewer runs in flight, is left out).
 *
 * <p>Settings ({@code -D}): {@code perf.orders} (600 measured per phase), {@code perf.warmup} (100), {@code
 * perf.inFlight} (32), {@code perf.nodes} (1), {@code perf.phases} ({@code wf01,noop}), {@code perf.port} (18193; a
 * second node takes the next), {@code perf.analyzeEvery} (10 s), {@code perf.app} and {@code perf.jvmArgs} as in
 * {@link IngressScenario}.
 */
public final class Wf01Scenario {

    private Wf01Scenario() {}

    public static void main(String[] args) throws Exception {
        int orders = Integer.getInteger("perf.orders", 600);
        int warmUp = Integer.getInteger("perf.warmup", 100);
        int inFlight = Integer.getInteger("perf.inFlight", 32);
        int nodeCount = Integer.getInteger("perf.nodes", 1);
        int port = Integer.getInteger("perf.port", 18193);
        List<String> phases =
                List.of(System.getProperty("perf.phases", "wf01,noop").split(","));
        String commit = Commit.head();
        String loadBefore = MachineLoad.now();

        TestDatabase database = TestPostgres.newDatabase();
        List<AppNode> nodes = new ArrayList<>();
        Map<String, Wf01Driver.Result> results = new LinkedHashMap<>();
        Map<String, String> loads = new LinkedHashMap<>();
        Map<String, Long> calls;
        String historyLevel;
        List<Path> logs = new ArrayList<>();
        try (ProviderStandIns providers = ProviderStandIns.start();
                StandInAutovacuum statistics = StandInAutovacuum.start(database, analyzeEvery())) {
            String redisPrefix = "perf-" + UUID.randomUUID() + ":";
            for (int i = 0; i < nodeCount; i++) {
                Map<String, String> settings = nodeSettings(providers, redisPrefix, "perf-node-" + (i + 1));
                nodes.add(AppNode.start(database, port + i, settings, IngressScenario.jvmOptions(), perfClasses()));
            }
            nodes.forEach(node -> logs.add(node.log()));
            Wf01Driver driver = new Wf01Driver(database, nodes);
            long first = 1;
            long[] pids = nodes.stream().mapToLong(AppNode::pid).toArray();
            int cpus = Runtime.getRuntime().availableProcessors();
            for (String phase : phases) {
                String before = MachineLoad.now();
                CpuTime.Snapshot cpuBefore = CpuTime.Snapshot.take(pids);
                long startedNanos = System.nanoTime();
                Wf01Driver.Result result = switch (phase.trim()) {
                    case "wf01" -> driver.runWf01(first, warmUp, orders, inFlight);
                    case "noop" -> driver.runNoop(first, warmUp, orders, inFlight);
                    default -> throw new IllegalArgumentException("unknown phase " + phase + " (wf01, noop)");
                };
                double phaseSeconds = (System.nanoTime() - startedNanos) / 1e9;
                loads.put(
                        phase.trim(),
                        before + " -> " + MachineLoad.now() + "\n        "
                                + CpuTime.Snapshot.take(pids)
                                        .since(
                                                cpuBefore,
                                                warmUp + orders,
                                                phaseSeconds,
                                                cpus,
                                                "runs (warm-up included)"));
                results.put(phase.trim(), result);
                first += warmUp + orders + 1000;
            }
            calls = providers.calls();
            checkNoIncidents(database);
            historyLevel = historyLevel(database);
        } finally {
            for (AppNode node : nodes) {
                node.close();
            }
        }
        String loadAfter = MachineLoad.now();

        System.out.printf(
                "%nPERF P3 WF01 end to end (issue 19), commit %s, %d node(s), %d runs in flight%n",
                commit, nodeCount, inFlight);
        results.forEach((phase, result) -> System.out.printf(
                "  %-5s %s%n        machine during the phase: %s%n", phase, result.summary(), loads.get(phase)));
        Wf01Driver.Result wf01 = results.get("wf01");
        Wf01Driver.Result noop = results.get("noop");
        if (wf01 != null && noop != null) {
            double ratio = wf01.ratePerSecond() / noop.ratePerSecond();
            System.out.printf(
                    "  ratio WF01 / no-op: %.2f (target >= 0.50: %s)%n",
                    ratio, ratio >= 0.5 ? "met" : String.format("missed by %.2f", 0.5 - ratio));
        }
        if (wf01 != null) {
            System.out.printf(
                    "  WF01: %.1f instances/s (target >= 50/s: %s)%n",
                    wf01.ratePerSecond(),
                    wf01.ratePerSecond() >= 50 ? "met" : String.format("missed by %.1f/s", 50 - wf01.ratePerSecond()));
        }
        System.out.printf("  provider calls: %s%n  engine history level in the database: %s%n", calls, historyLevel);
        for (Path log : logs) {
            System.out.printf(
                    "  node log %s: %d OptimisticLockingException, %d ERROR lines%n",
                    log, count(log, "OptimisticLockingException"), count(log, " ERROR "));
        }
        System.out.printf("  machine: before %s; after %s%n", loadBefore, loadAfter);
        System.exit(0);
    }

    /**
     * How often the stand-in for autovacuum analyzes the database ({@code perf.analyzeEvery}, seconds; 10). Every 60 s
     * left a phase that starts 20 s after the database was created to run mostly on the statistics of empty tables: WF01's
     * check for another run of the order then read the history's variables sequentially, about 27 ms of database time
     * a run that the no-op copy (whose check lets every order through) never paid (docs/performance.md, P3).
     */
    static java.time.Duration analyzeEvery() {
        return java.time.Duration.ofSeconds(Integer.getInteger("perf.analyzeEvery", 10));
    }

    static Map<String, String> nodeSettings(ProviderStandIns providers, String redisPrefix, String nodeId) {
        Map<String, String> settings = new LinkedHashMap<>(providers.applicationSettings());
        settings.put("autobiz.perf.noop-baseline", "true");
        settings.put("autobiz.cluster.node-id", nodeId);
        // One key space for all nodes of the run: idempotency and breakers are shared across a cluster.
        settings.put("autobiz.evidence.redis.key-prefix", redisPrefix);
        // The breakers' keys too: their default prefix is the same for every process on this Redis, so another run's
        // fault injection (the soak harness) would otherwise open this run's breakers ("adopted from another node").
        settings.put("autobiz.circuit-breakers.key-prefix", redisPrefix + "breaker:");
        // The daily reconciliation reads providers on its own schedule; it is not part of what P3 measures.
        settings.put("autobiz.reconciliation.enabled", "false");
        String store = "autobiz.tenants.acme.";
        settings.put(store + "printful-store-id", "4242");
        settings.put(store + "printful-catalog.TSHIRT-BLK-M", "4017");
        for (String template : List.of(
                "order-confirmation",
                "order-shipped",
                "refund-issued",
                "payment-failed",
                "order-cancelled",
                "approval-timed-out",
                "wismo-reply")) {
            settings.put(store + "mail-templates." + template, "d-perf-" + template);
        }
        // Test-only values, as in application-it.yml: they open nothing but the stand-ins.
        settings.put(store + "secrets[stripe.api_key]", "sk_test_perf_fake_key_for_stand_ins");
        settings.put(store + "secrets[shopify.access_token]", "shpat_perf_fake_token_for_stand_ins");
        settings.put(store + "secrets[printful.token]", "perf-fake-printful-token");
        settings.put(store + "secrets[printful.webhook_secret]", Wf01Driver.PRINTFUL_WEBHOOK_SECRET);
        settings.put(store + "secrets[sendgrid.api_key]", "SG.perf-fake-sendgrid-key");
        settings.putAll(IngressScenario.appSettings());
        return settings;
    }

    /** This module's compiled classes: the no-op baseline's configuration is among them. */
    static Path perfClasses() {
        Path classes = AppNode.repositoryRoot().resolve("perf/target/classes");
        if (!Files.isDirectory(classes.resolve("io/autobiz/perf/noop"))) {
            throw new IllegalStateException(classes + " has no compiled baseline: run with 'compile exec:java@...'");
        }
        return classes;
    }

    static void checkNoIncidents(TestDatabase database) throws SQLException {
        try (Connection owner = DriverManager.getConnection(
                        database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                Statement statement = owner.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select incident_msg_ from act_ru_incident order by incident_timestamp_ limit 3")) {
            List<String> incidents = new ArrayList<>();
            while (rows.next()) {
                incidents.add(rows.getString(1));
            }
            if (!incidents.isEmpty()) {
                throw new IllegalStateException("incidents after the run, e.g. " + incidents);
            }
        }
    }

    /** The history level the engine recorded (act_ge_property): 0 none, 1 activity, 2 audit, 3 full. */
    static String historyLevel(TestDatabase database) throws SQLException {
        try (Connection owner = DriverManager.getConnection(
                        database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                Statement statement = owner.createStatement();
                ResultSet rows =
                        statement.executeQuery("select value_ from act_ge_property where name_ = 'historyLevel'")) {
            String level = rows.next() ? rows.getString(1) : "none recorded";
            return switch (level) {
                case "0" -> "0 (none)";
                case "1" -> "1 (activity)";
                case "2" -> "2 (audit)";
                case "3" -> "3 (full)";
                default -> level;
            };
        }
    }

    /** How many WF01 runs have ended so far. */
    static long ended(TestDatabase database) throws SQLException {
        try (Connection owner = DriverManager.getConnection(
                        database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                Statement statement = owner.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from act_hi_procinst"
                        + " where proc_def_key_ = 'order-fulfill' and end_time_ is not null")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static long count(Path log, String needle) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(needle)).count();
        } catch (Exception e) {
            return -1;
        }
    }
}
