package io.autobiz.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.inbox.Events;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.PostgresWebIT;
import io.autobiz.testsupport.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A load harness, not part of {@code ./mvnw verify} (it runs only with {@code -Dbenchmark=true}; the command is in
 * docs/performance.md): signed Shopify webhooks per second through ingress (verify + dedup + store, the processor off)
 * on PostgreSQL with row-level security, driven by {@link ShopifyLoadGenerator} in a second JVM over loopback; then, in
 * the same run, the same number of bare single-row INSERTs of the same body from the same number of threads. Prints
 * both rates, the ratio, and p50/p99.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@IntegrationInternal
class WebhookIngressBenchmarkTest extends PostgresWebIT {

    private static final String SECRET = "it-fake-shopify-webhook-secret-bench";
    private static final int REQUESTS = Integer.getInteger("benchmark.requests", 5000);
    private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 8);
    private static final int WARM_UP = 1000;

    @DynamicPropertySource
    static void bench(DynamicPropertyRegistry registry) {
        registry.add("autobiz.webhooks.processor.enabled", () -> "false");
        registry.add("autobiz.tenants.acme.secrets[shopify.webhook_secret]", () -> SECRET);
        registry.add("logging.level.io.autobiz", () -> "warn");
    }

    @Autowired
    Events events;

    @Test
    @DisplayName("benchmark: signed Shopify webhooks per second through ingress beside bare INSERTs")
    void measure() throws Exception {
        String url = "http://127.0.0.1:" + port + "/webhooks/shopify/acme";
        String[] warm = generate(url, WARM_UP, "warm-" + UUID.randomUUID());
        assertThat(warm[1]).isEqualTo("0");
        String[] measured = generate(url, REQUESTS, "run-" + UUID.randomUUID());
        assertThat(measured[1]).as("every delivery accepted").isEqualTo("0");
        assertThat(events.list(TenantId.of("acme"), EnumSet.of(Events.Status.RECEIVED), 1_000_000))
                .hasSize(WARM_UP + REQUESTS);
        double ingressRate = REQUESTS / Double.parseDouble(measured[2]);

        double[] inserts = bareInserts();

        System.out.printf(
                "%nBENCHMARK webhook ingress: %d signed Shopify deliveries, %d concurrent clients in a second JVM%n"
                        + "  ingress: %.0f req/s, p50 %.2f ms, p99 %.2f ms%n"
                        + "  bare INSERT: %.0f rows/s, p50 %.2f ms, p99 %.2f ms%n"
                        + "  ratio ingress/INSERT: %.2f%n",
                REQUESTS,
                CONCURRENCY,
                ingressRate,
                Long.parseLong(measured[3]) / 1000.0,
                Long.parseLong(measured[4]) / 1000.0,
                inserts[0],
                inserts[1],
                inserts[2],
                ingressRate / inserts[0]);
    }

    /** Runs the generator JVM; returns ok, failed, seconds, p50, p99 (µs). */
    private static String[] generate(String url, int count, String prefix) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ShopifyLoadGenerator.class.getName(),
                        url,
                        SECRET,
                        String.valueOf(count),
                        String.valueOf(CONCURRENCY),
                        prefix)
                .redirectErrorStream(true)
                .start();
        String result = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        assertThat(process.waitFor()).isZero();
        assertThat(result).as("the generator's result line").isNotNull();
        String[] fields = result.substring("RESULT ".length()).split(" ");
        String[] values = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = fields[i].substring(fields[i].indexOf('=') + 1);
        }
        return values;
    }

    /** The same number of single-row INSERTs (autocommit, one connection per thread) of the same body; rate, p50, p99. */
    private static double[] bareInserts() throws Exception {
        try (Connection owner = DriverManager.getConnection(
                        DATABASE.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                Statement ddl = owner.createStatement()) {
            ddl.execute("create table bench_insert (id varchar(64) primary key, payload text not null,"
                    + " payload_sha256 char(64) not null, received_at timestamp with time zone not null)");
        }
        long[] latencies = new long[REQUESTS];
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENCY);
        List<Future<?>> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < CONCURRENCY; t++) {
            workers.add(threads.submit(() -> {
                try (Connection connection = DriverManager.getConnection(
                                DATABASE.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                        PreparedStatement insert = connection.prepareStatement(
                                "insert into bench_insert values (?, ?, ?, current_timestamp)")) {
                    for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                        String body = new String(ShopifyLoadGenerator.order("ins", i), StandardCharsets.UTF_8);
                        long sent = System.nanoTime();
                        insert.setString(1, "ins-" + i);
                        insert.setString(2, body);
                        insert.setString(3, "0".repeat(64));
                        insert.executeUpdate();
                        latencies[i] = (System.nanoTime() - sent) / 1000;
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        threads.shutdown();
        Arrays.sort(latencies);
        return new double[] {
            REQUESTS / seconds,
            latencies[REQUESTS / 2] / 1000.0,
            latencies[(int) Math.ceil(REQUESTS * 0.99) - 1] / 1000.0
        };
    }
}
