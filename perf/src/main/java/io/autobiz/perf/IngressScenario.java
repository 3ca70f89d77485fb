package io.autobiz.perf;

import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * P2 (issue 19): signed Shopify webhooks per second through the packaged application's ingress (verify, dedupe, store;
 * the event processor off, so ingress alone is measured), from this JVM over loopback; then, in the same run and the
 * same database, the same number of bare single-row INSERTs of the same bodies at the same concurrency. Every answer
 * must be {@code 200 accepted}, and every delivery must be in {@code event_store} afterwards, read back as the
 * application role under row-level security.
 *
 * <p>Both phases are measured after a warm-up of their own. The default warm-up, 10,000 deliveries, is what the node's
 * JIT needs on two cores: after 1,000 the measured phase still ran at less than half of the steady rate. Each phase
 * prints where its CPU went (the node, PostgreSQL, this JVM, the rest of the machine), per 1,000 operations.
 *
 * <p>Settings ({@code -D}): {@code perf.requests} (20000), {@code perf.warmup} (10000), {@code perf.concurrency} (8),
 * {@code perf.port} (18191), {@code perf.app} (more application settings, {@code key=value} space-separated, for
 * an experiment such as switching an observation off), {@code perf.jvmArgs} (options for the node's JVM, space-separated, e.g. a
 * {@code -XX:StartFlightRecording=...}), {@code perf.jar}.
 */
public final class IngressScenario {

    private IngressScenario() {}

    public static void main(String[] args) throws Exception {
        int requests = Integer.getInteger("perf.requests", 20000);
        int warmUp = Integer.getInteger("perf.warmup", 10000);
        int concurrency = Integer.getInteger("perf.concurrency", 8);
        int port = Integer.getInteger("perf.port", 18191);
        List<String> jvmOptions = jvmOptions();
        String commit = Commit.head();
        String loadBefore = MachineLoad.now();

        TestDatabase database = TestPostgres.newDatabase();
        Latencies ingress;
        Latencies warm;
        double secondsToHealthy;
        double rss;
        String ingressCpu;
        int cpus = Runtime.getRuntime().availableProcessors();
        try (AppNode node =
                AppNode.start(database, port, appSettings("autobiz.webhooks.processor.enabled=false"), jvmOptions)) {
            secondsToHealthy = node.secondsToHealthy();
            ShopifyDeliveries deliveries =
                    new ShopifyDeliveries(node.baseUrl(), "acme", AppNode.SHOPIFY_WEBHOOK_SECRET);
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(concurrency))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String warmPrefix = "warm-" + UUID.randomUUID();
            String runPrefix = "run-" + UUID.randomUUID();
            warm = Concurrently.run(concurrency, warmUp, (worker, i) -> post(http, deliveries, warmPrefix, i));
            CpuTime.Snapshot before = CpuTime.Snapshot.take(node.pid());
            ingress = Concurrently.run(concurrency, requests, (worker, i) -> post(http, deliveries, runPrefix, i));
            ingressCpu =
                    CpuTime.Snapshot.take(node.pid()).since(before, requests, ingress.seconds(), cpus, "deliveries");
            rss = node.rssMebibytes();
            checkStored(database, runPrefix, requests);
            checkStored(database, warmPrefix, warmUp);
        }

        Measured bareRun = bareInserts(database, warmUp, requests, concurrency, cpus);
        Latencies bare = bareRun.latencies();
        String loadAfter = MachineLoad.now();

        double ratio = ingress.ratePerSecond() / bare.ratePerSecond();
        double p99 = ingress.percentileMillis(99);
        System.out.printf(
                "%nPERF P2 ingress (issue 19), commit %s%n"
                        + "  %d signed Shopify deliveries (after %d warm-up: %s), %d concurrent senders, second JVM%n"
                        + "  ingress:     %s%n"
                        + "               %s%n"
                        + "  bare INSERT: %s%n"
                        + "               %s%n"
                        + "  ratio ingress / bare INSERT: %.2f (target >= 0.70: %s)%n"
                        + "  ingress p99: %.2f ms (target < 50 ms: %s)%n"
                        + "  node: healthy after %.1f s, RSS after the traffic %.0f MiB%n"
                        + "  machine: before %s; after %s%n",
                commit,
                requests,
                warmUp,
                warm.summary("req"),
                concurrency,
                ingress.summary("req"),
                ingressCpu,
                bare.summary("rows"),
                bareRun.cpu(),
                ratio,
                ratio >= 0.7 ? "met" : String.format("missed by %.2f", 0.7 - ratio),
                p99,
                p99 < 50 ? "met" : String.format("missed by %.1f ms", p99 - 50),
                secondsToHealthy,
                rss,
                loadBefore,
                loadAfter);
        System.exit(0);
    }

    private static void post(HttpClient http, ShopifyDeliveries deliveries, String prefix, int i) throws Exception {
        HttpResponse<String> answer = http.send(deliveries.request(prefix, i), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().contains("\"accepted\"")) {
            throw new IllegalStateException(
                    "delivery " + i + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** Every delivery of the phase is in event_store, read as the application role in the store's tenant context. */
    private static void checkStored(TestDatabase database, String prefix, int expected) throws SQLException {
        try (Connection app =
                DriverManager.getConnection(database.url(), TestPostgres.APP_ROLE, TestPostgres.APP_PASSWORD)) {
            app.setAutoCommit(false);
            try (Statement context = app.createStatement();
                    PreparedStatement count = app.prepareStatement(
                            "select count(*) from event_store where source = 'shopify' and payload like ?")) {
                context.execute("select set_tenant_context('acme')");
                count.setString(1, "%\"email\":\"bench-" + prefix + "@example.com\"%");
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) != expected) {
                        throw new IllegalStateException(
                                "event_store holds " + rows.getInt(1) + " of " + expected + " deliveries " + prefix);
                    }
                }
            }
            app.rollback();
        }
    }

    /**
     * The baseline: the same bodies, one autocommit INSERT each into a table with a primary key, one connection per
     * sender, as the table owner (no row-level security). The connections are opened before the clock starts.
     */
    private static Measured bareInserts(TestDatabase database, int warmUp, int requests, int concurrency, int cpus)
            throws Exception {
        try (Connection owner = DriverManager.getConnection(
                        database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                Statement ddl = owner.createStatement()) {
            ddl.execute("create table perf_bare_insert (id varchar(64) primary key, payload text not null,"
                    + " payload_sha256 char(64) not null, received_at timestamp with time zone not null)");
        }
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> inserts = new ArrayList<>();
        try {
            for (int t = 0; t < concurrency; t++) {
                Connection connection = DriverManager.getConnection(
                        database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                connections.add(connection);
                inserts.add(connection.prepareStatement(
                        "insert into perf_bare_insert values (?, ?, ?, current_timestamp)"));
            }
            String zeros = HexFormat.of().formatHex(new byte[32]);
            Concurrently.run(concurrency, warmUp, (worker, i) -> insert(inserts.get(worker), "bare-warm", i, zeros));
            CpuTime.Snapshot before = CpuTime.Snapshot.take();
            Latencies latencies = Concurrently.run(
                    concurrency, requests, (worker, i) -> insert(inserts.get(worker), "bare", i, zeros));
            String cpu = CpuTime.Snapshot.take().since(before, requests, latencies.seconds(), cpus, "rows");
            try (Statement count = connections.get(0).createStatement();
                    ResultSet rows = count.executeQuery("select count(*) from perf_bare_insert")) {
                rows.next();
                if (rows.getInt(1) != warmUp + requests) {
                    throw new IllegalStateException(
                            "perf_bare_insert holds " + rows.getInt(1) + " of " + (warmUp + requests));
                }
            }
            return new Measured(latencies, cpu);
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static void insert(PreparedStatement insert, String prefix, int i, String sha256) throws SQLException {
        insert.setString(1, prefix + "-" + i);
        insert.setString(2, new String(ShopifyDeliveries.order(prefix, i), StandardCharsets.UTF_8));
        insert.setString(3, sha256);
        if (insert.executeUpdate() != 1) {
            throw new IllegalStateException("bare insert " + prefix + "-" + i + " stored no row");
        }
    }

    /** A phase's latencies and where its CPU went. */
    private record Measured(Latencies latencies, String cpu) {}

    /** The scenario's own settings, then those of {@code -Dperf.app}, which win. */
    static Map<String, String> appSettings(String... own) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(List.of(own));
        String more = System.getProperty("perf.app", "").trim();
        if (!more.isEmpty()) {
            all.addAll(List.of(more.split("\\s+")));
        }
        for (String setting : all) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("not key=value: " + setting);
            }
            settings.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return settings;
    }

    static List<String> jvmOptions() {
        String options = System.getProperty("perf.jvmArgs", "").trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }
}
