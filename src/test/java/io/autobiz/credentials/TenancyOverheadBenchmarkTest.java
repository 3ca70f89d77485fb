package io.autobiz.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.credential.CachingSecretSource;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.credential.JdbcCredentialAudit;
import io.autobiz.kernel.credential.JdbcSecretSource;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.JdbcSecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantInputGuard;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A load harness, not part of {@code ./mvnw verify} (it runs only with {@code -Dbenchmark=true}; the command is in
 * docs/performance.md): what tenant isolation adds to one tool call, on PostgreSQL as the application role through a
 * Hikari pool, single-threaded. Prints mean, median and 99th percentile per operation.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@IntegrationInternal
class TenancyOverheadBenchmarkTest {

    private static final int WARM_UP = 500;
    private static final int MEASURED = 3000;
    private static final TenantId ACME = TenantId.of("acme");
    private static final RunContext RUN = new RunContext(ACME, "run-bench", "corr-bench", "workflow:bench", "bench");

    @Test
    @DisplayName("benchmark: credential lookup, input guard and tenant context cost per tool call")
    void measure() throws Exception {
        TestDatabase database = TestPostgres.newDatabase().migrateAutoBizTables();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(TestPostgres.APP_ROLE);
        config.setPassword(TestPostgres.APP_PASSWORD);
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            Clock clock = Clock.systemUTC();
            TenantJdbc jdbc = new TenantJdbc(pool);
            KeyRing keys = KeyRing.of(
                    Map.of("bench", "benchmark-only-master-key-000000".getBytes(StandardCharsets.US_ASCII)), "bench");
            JdbcSecretSource store = new JdbcSecretSource(jdbc, new SecretBox(keys), keys, clock);
            store.rotate(ACME, "stripe.api_key", "sk_test_benchmark_fake_key", "bench");
            JdbcCredentialAudit audit = new JdbcCredentialAudit(jdbc, meters, clock);
            JdbcSecurityIncidents incidents = new JdbcSecurityIncidents(jdbc, meters, clock);
            CredentialScoper cached = new CredentialScoper(
                    new CachingSecretSource(store, Duration.ofSeconds(60), clock, meters), audit, incidents);
            CredentialScoper uncached = new CredentialScoper(
                    new CachingSecretSource(store, Duration.ZERO, clock, meters), audit, incidents);
            CredentialScoper unaudited = new CredentialScoper(
                    new CachingSecretSource(store, Duration.ofSeconds(60), clock, meters), access -> {}, incidents);
            TenantInputGuard guard = new TenantInputGuard(incidents);
            JsonNode schema = Json.parse("""
                    {"type":"object","properties":{
                      "order":{"type":"string","format":"entity-id"},
                      "lines":{"type":"array","items":{"type":"object","properties":{
                        "sku":{"type":"string"},"refund":{"type":"string","format":"entity-id"}}}},
                      "note":{"type":"string"}}}""");
            JsonNode input = Json.parse("""
                    {"order":"acme:order:1001","note":"free text","lines":[
                      {"sku":"A","refund":"acme:refund:1"},{"sku":"B","refund":"acme:refund:2"},
                      {"sku":"C","refund":"acme:refund:3"}]}""");

            System.out.printf("%n%-58s %10s %10s %10s%n", "operation (µs)", "mean", "p50", "p99");
            report(
                    "credential require: cache hit + audit row",
                    () -> cached.scopeFor(ACME, "stripe", "bench").require("api_key"));
            report(
                    "credential require: cache hit, no audit (for comparison)",
                    () -> unaudited.scopeFor(ACME, "stripe", "bench").require("api_key"));
            report(
                    "credential require: read + AES-GCM open + audit row",
                    () -> uncached.scopeFor(ACME, "stripe", "bench").require("api_key"));
            report("input guard: 4 declared entity IDs, nested", () -> {
                guard.check(RUN, "bench.tool@1", schema, input);
                return "sk_test_benchmark_fake_key";
            });
            report("transaction with set_tenant_context (TenantJdbc)", () -> {
                jdbc.inNewTransaction(ACME, connection -> null);
                return "sk_test_benchmark_fake_key";
            });
            report("transaction with plain set_config (for comparison)", () -> {
                try (Connection connection = pool.getConnection()) {
                    connection.setAutoCommit(false);
                    try (PreparedStatement set =
                            connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                        set.setString(1, ACME.value());
                        set.execute();
                    }
                    connection.commit();
                    connection.setAutoCommit(true);
                }
                return "sk_test_benchmark_fake_key";
            });
        }
    }

    /** Runs the operation, checks it answered the benchmark key, and prints its latency distribution. */
    private static void report(String name, Callable<String> operation) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            assertThat(operation.call()).isEqualTo("sk_test_benchmark_fake_key");
        }
        long[] micros = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long started = System.nanoTime();
            String answer = operation.call();
            micros[i] = (System.nanoTime() - started) / 1_000;
            assertThat(answer).isEqualTo("sk_test_benchmark_fake_key");
        }
        Arrays.sort(micros);
        System.out.printf(
                "%-58s %10.1f %10d %10d%n",
                name, Arrays.stream(micros).average().orElse(0), micros[MEASURED / 2], micros[(int) (MEASURED * 0.99)]);
    }
}
