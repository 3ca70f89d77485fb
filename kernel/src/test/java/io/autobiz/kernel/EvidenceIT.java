package io.autobiz.kernel;

import static io.autobiz.kernel.Fixtures.ACME_CONFIG;
import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.configFor;
import static io.autobiz.kernel.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.Fixtures.CountingTool;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.evidence.EvidencePorts;
import io.autobiz.kernel.idempotency.HotPath;
import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.idempotency.JdbcIdempotencyRecords;
import io.autobiz.kernel.idempotency.RedisHotPath;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.ChainVerification;
import io.autobiz.kernel.receipt.FinancialReceipt;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.NewReceipt;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.state.JdbcStates;
import io.autobiz.kernel.state.ReplayReport;
import io.autobiz.kernel.state.RunState;
import io.autobiz.kernel.state.StateVersion;
import io.autobiz.kernel.state.TranscriptReplayer;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.kernel.trace.JdbcTraces;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.BoundedDataSource;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.autobiz.testsupport.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** Steps 6 and 10-12 against real PostgreSQL (as the application role, under row-level security) and Redis. */
@IntegrationInternal
class EvidenceIT {

    private static final TenantId ACME = TenantId.of("acme");
    private static TestDatabase database;
    private static DataSource app;
    private static final List<JedisPooled> clients = new ArrayList<>();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.systemUTC();
    private final SecretBox box = new SecretBox(KeyRing.of(Map.of("test-k1", new byte[32]), "test-k1"));
    private TenantJdbc jdbc;
    private JdbcReceipts receipts;
    private JdbcStates states;
    private JdbcTraces traces;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
        app = new BoundedDataSource(database.appDataSource(), 8);
    }

    @AfterAll
    static void closeClients() {
        clients.forEach(JedisPooled::close);
    }

    private KernelExecutor kernel(HotPath hot, CountingTool... tools) {
        jdbc = new TenantJdbc(app);
        receipts = new JdbcReceipts(jdbc, box, meters, clock);
        states = new JdbcStates(jdbc, meters, clock);
        traces = new JdbcTraces(jdbc);
        EvidencePorts evidence = EvidencePorts.of(new JdbcIdempotencyRecords(jdbc), receipts, states, meters)
                .withHotPath(hot);
        return Fixtures.aKernel(
                        new ToolRegistry(List.of(tools), new SchemaValidator()),
                        configFor("acme", ACME_CONFIG),
                        meters,
                        clock)
                .traces(traces)
                .evidence(evidence)
                .build();
    }

    private static RunContext run(String id) {
        return new RunContext(ACME, id, "corr-" + id, "workflow:test", "test");
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static ToolCall captureOf(String paymentId, int amount) {
        return new ToolCall(
                ToolRef.parse("test.payment.capture"),
                input("{\"paymentId\":\"" + paymentId + "\",\"amount\":" + amount + "}"));
    }

    private static CountingTool succeeding() {
        return new CountingTool(aCaptureContract().build(), inv -> {
            inv.usage().recordProviderCall("stripe");
            return Json.object().put("status", "succeeded");
        });
    }

    private static JedisPooled redis(URI uri, int timeoutMillis) {
        JedisPooled client = new JedisPooled(
                new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(timeoutMillis)
                        .socketTimeoutMillis(timeoutMillis)
                        .build());
        clients.add(client);
        return client;
    }

    @Test
    @DisplayName(
            "P1-T05-NEG-concurrent 50 parallel identical calls: exactly one executes, the others are told to retry")
    void fiftyParallelIdenticalCallsExecuteOnce() throws Exception {
        int callers = 50;
        CountDownLatch othersDone = new CountDownLatch(callers - 1);
        // A timeout well above the wait below: on a loaded machine the 49 refusals can take seconds.
        CountingTool tool = new CountingTool(
                aCaptureContract().timeout(Duration.ofSeconds(60)).build(), inv -> {
                    try {
                        othersDone.await(
                                30, TimeUnit.SECONDS); // hold the claim until every other caller has its answer
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Json.object().put("status", "succeeded");
                });
        KernelExecutor kernel = kernel(HotPath.NONE, tool);
        String payment = unique("pi_");
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                String runId = "par-" + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        ToolResult result = kernel.execute(run(runId), captureOf(payment, 700));
                        return result.replayed() ? "replayed" : "executed";
                    } catch (KernelError e) {
                        othersDone.countDown();
                        return e.code().name();
                    }
                }));
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                answers.add(outcome.get(60, TimeUnit.SECONDS));
            }

            assertThat(tool.invocations).hasValue(1);
            assertThat(answers).containsOnlyOnce("executed");
            assertThat(answers.stream().filter(a -> !a.equals("executed")))
                    .hasSize(callers - 1)
                    .containsOnly("IDEMPOTENCY_IN_PROGRESS");
            IdempotencyKey key = IdempotencyKey.of(
                    ACME, tool.contract(), input("{\"paymentId\":\"" + payment + "\",\"amount\":700}"));
            assertThat(receipts.forKey(ACME, key.internal())).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("P1-T11 duplicates are answered from PostgreSQL first, then from the Redis hot path")
    void duplicatesComeFromRedisOnceCached() {
        String prefix = "test-" + UUID.randomUUID() + ":";
        JedisPooled client = redis(TestRedis.uri(), 2_000);
        CountingTool tool = succeeding();
        KernelExecutor kernel = kernel(new RedisHotPath(client, prefix), tool);
        String payment = unique("pi_");

        ToolResult first = kernel.execute(run(unique("r")), captureOf(payment, 100));
        ToolResult fromDatabase = kernel.execute(run(unique("r")), captureOf(payment, 100));
        ToolResult fromRedis = kernel.execute(run(unique("r")), captureOf(payment, 100));

        assertThat(tool.invocations).hasValue(1);
        assertThat(List.of(fromDatabase, fromRedis))
                .allSatisfy(r -> assertThat(r.replayed()).isTrue());
        assertThat(fromRedis.output()).isEqualTo(first.output());
        assertThat(meters.counter("idempotency_hit_total", "tool", "test.payment.capture@1", "source", "redis")
                        .count())
                .isEqualTo(1.0);
        IdempotencyKey key =
                IdempotencyKey.of(ACME, tool.contract(), captureOf(payment, 100).input());
        long ttl = client.pttl(prefix + "idem:acme:" + key.internal());
        assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(24).toMillis());
    }

    @Test
    @DisplayName(
            "P1-T05-NEG-redis-down with Redis unreachable the kernel answers from PostgreSQL and never executes twice")
    void redisDownFallsBackToPostgres() {
        JedisPooled dead = redis(URI.create("redis://127.0.0.1:1"), 200);
        CountingTool tool = succeeding();
        KernelExecutor kernel = kernel(new RedisHotPath(dead, "test-dead:"), tool);
        String payment = unique("pi_");

        kernel.execute(run(unique("r")), captureOf(payment, 100));
        ToolResult duplicate = kernel.execute(run(unique("r")), captureOf(payment, 100));

        assertThat(duplicate.replayed()).isTrue();
        assertThat(tool.invocations).hasValue(1);
        assertThat(meters.counter("idempotency_hot_path_failure_total").count()).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    @DisplayName("P1-T13 a receipt links execution, both keys and the provider object, with its payloads encrypted")
    void receiptIsLinkedAndEncrypted() {
        CountingTool tool = new CountingTool(
                aCaptureContract().build(), inv -> Json.object().put("status", "ok"));
        KernelExecutor kernel = kernel(HotPath.NONE, tool);
        String payment = unique("pi_");
        String runId = unique("r");

        kernel.execute(run(runId), captureOf(payment, 4200));

        IdempotencyKey key = IdempotencyKey.of(
                ACME, tool.contract(), captureOf(payment, 4200).input());
        Receipt receipt = receipts.forKey(ACME, key.internal()).get(0);
        assertThat(receipt.executionId()).isEqualTo(runId);
        assertThat(receipt.externalKey()).isEqualTo(key.external());
        assertThat(receipt.request()).doesNotContain(payment);
        assertThat(receipts.open(receipt).path("request").path("paymentId").asText())
                .isEqualTo(payment);
        List<StoredTraceEvent> transcript = traces.transcript(ACME, runId);
        assertThat(transcript).singleElement().satisfies(line -> {
            assertThat(line.evidence().receiptId()).isEqualTo(receipt.receiptId());
            assertThat(line.evidence().costMicros()).isZero();
            assertThat(line.correlationId()).isEqualTo("corr-" + runId);
        });
    }

    @Test
    @DisplayName("P1-T13 a store's first receipts, written at the same moment, chain one after another: none is lost")
    void concurrentFirstReceiptsChain() throws Exception {
        kernel(HotPath.NONE);
        TenantId fresh = TenantId.of(unique("first"));
        int writers = 6;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Receipt>> written = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String payment = unique("pi_");
                // The keys as the kernel makes them: a SHA-256 in hex, and the provider's form of it.
                String internal = Digests.sha256Hex(payment);
                written.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return receipts.append(new NewReceipt(
                            fresh,
                            unique("r"),
                            "corr",
                            "test.payment.capture@1",
                            SideEffect.WRITE,
                            internal,
                            "autobiz:" + internal.substring(0, 32),
                            payment,
                            Json.object().put("paymentId", payment),
                            Json.object().put("status", "ok"),
                            null));
                }));
            }
            for (Future<Receipt> receipt : written) {
                receipt.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(receipts.chain(fresh)).extracting(Receipt::chainSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(receipts.verify(fresh).brokenLink()).isEmpty();
    }

    @Test
    @DisplayName("P1-T13 a FINANCIAL receipt carries amount and currency; receipts refuse UPDATE and DELETE, owner too")
    void financialReceiptAndAppendOnly() throws SQLException {
        kernel(HotPath.NONE, succeeding());
        TenantId tenant = TenantId.of(unique("fin-"));
        Receipt receipt = receipts.append(new NewReceipt(
                tenant,
                "run-f",
                "corr-f",
                "test.refund@1",
                SideEffect.FINANCIAL,
                "a".repeat(64),
                IdempotencyKey.externalFor("a".repeat(64)),
                "re_1",
                Json.parse("{\"amount\":1500,\"currency\":\"usd\"}"),
                Json.parse("{\"id\":\"re_1\"}"),
                new FinancialReceipt(1500, "USD")));

        assertThat(receipts.find(tenant, receipt.receiptId()).orElseThrow().financial())
                .contains(new FinancialReceipt(1500, "USD"));
        // The application role holds no UPDATE or DELETE on receipts (V61); the owner, which does, meets V32's trigger.
        assertThatThrownBy(() -> sql(database.appDataSource(), tenant, "update receipts set response = '{}'"))
                .hasMessageContaining("permission denied for table receipts");
        assertThatThrownBy(() -> sql(database.appDataSource(), tenant, "delete from receipts"))
                .hasMessageContaining("permission denied for table receipts");
        assertThatThrownBy(() -> sql(database.ownerDataSource(), tenant, "update receipts set response = '{}'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql(database.ownerDataSource(), tenant, "delete from receipts"))
                .hasMessageContaining("append-only");
        assertThat(receipts.verify(tenant).intact()).isTrue();
    }

    @Test
    @DisplayName("P1-T13 tampering with a stored receipt as the database owner is found and the broken link named")
    void tamperedReceiptIsNamed() throws SQLException {
        kernel(HotPath.NONE, succeeding());
        TenantId tenant = TenantId.of(unique("tamper-"));
        List<Receipt> written = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String internal = String.valueOf(i).repeat(64);
            written.add(receipts.append(new NewReceipt(
                    tenant,
                    "run-t",
                    "corr-t",
                    "test.payment.capture@1",
                    SideEffect.WRITE,
                    internal,
                    IdempotencyKey.externalFor(internal),
                    "pi_" + i,
                    Json.parse("{\"amount\":" + i + "}"),
                    Json.parse("{\"status\":\"ok\"}"),
                    null)));
        }
        assertThat(receipts.verify(tenant).intact()).isTrue();

        sql(
                database.ownerDataSource(),
                tenant,
                "alter table receipts disable trigger receipts_append_only",
                "update receipts set provider_object_id = 'pi_forged' where chain_seq = 2",
                "alter table receipts enable trigger receipts_append_only");

        ChainVerification verification = receipts.verify(tenant);
        assertThat(verification.intact()).isFalse();
        assertThat(verification.brokenLink()).hasValueSatisfying(link -> {
            assertThat(link.chainSeq()).isEqualTo(2);
            assertThat(link.receiptId()).isEqualTo(written.get(1).receiptId());
            assertThat(link.reason()).contains("changed");
        });
    }

    @Test
    @DisplayName("P1-T14 a state patch increments the version; a write from a stale version is a counted conflict")
    void stateVersionsAndConflicts() {
        kernel(HotPath.NONE, succeeding());
        RunContext run = run(unique("s"));
        String entity = "acme:order:" + unique("o");

        StateVersion v1 =
                states.apply(run, entity, 0, Json.parse("[{\"op\":\"add\",\"path\":\"/status\",\"value\":\"paid\"}]"));
        StateVersion v2 = states.apply(
                run, entity, 1, Json.parse("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"shipped\"}]"));

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.state().path("status").asText()).isEqualTo("shipped");
        assertThat(states.history(ACME, entity))
                .extracting(StateVersion::version)
                .containsExactly(1L, 2L);
        assertThatThrownBy(() -> states.apply(
                        run, entity, 1, Json.parse("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"lost\"}]")))
                .asInstanceOf(type(KernelError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(meters.counter("state_conflict_total").count()).isEqualTo(1.0);
        assertThat(states.current(ACME, entity)
                        .orElseThrow()
                        .state()
                        .path("status")
                        .asText())
                .isEqualTo("shipped");
    }

    @Test
    @DisplayName(
            "P1-T15 replaying a run's transcript with the recorded clock gives the identical state hash and receipts")
    void replayRebuildsTheRun() throws SQLException {
        KernelExecutor kernel = kernel(HotPath.NONE, succeeding());
        String runId = unique("replay-");
        for (int i = 0; i < 3; i++) {
            kernel.execute(run(runId), captureOf(unique("pi_"), 100 + i));
        }
        TranscriptReplayer replayer = new TranscriptReplayer(traces, states, receipts, meters);

        ReplayReport report = replayer.replay(ACME, runId);

        assertThat(report.mismatch()).isEmpty();
        assertThat(report.steps()).isEqualTo(3);
        assertThat(report.finalStateSha256())
                .isEqualTo(states.current(ACME, RunState.entityId(ACME, runId))
                        .orElseThrow()
                        .sha256());
        assertThat(report.receiptHashes()).hasSize(3);

        List<StoredTraceEvent> transcript = traces.transcript(ACME, runId);
        sql(
                database.ownerDataSource(),
                ACME,
                "update traces set output = '{\"status\":\"forged\"}' where id = "
                        + transcript.get(1).id());
        ReplayReport tampered = replayer.replay(ACME, runId);
        assertThat(tampered.mismatch()).hasValueSatisfying(m -> {
            assertThat(m.step()).isEqualTo(2);
            assertThat(m.traceId()).isEqualTo(transcript.get(1).id());
        });
    }

    @Test
    @DisplayName("P1-T09 P1-T35 the transcript keeps allowlisted fields, masks personal data and omits the rest")
    void transcriptIsRedacted() {
        ToolContract lookup = ToolContract.builder("test.lookup", 1)
                .input(Json.parse("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                        + "\"orderId\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},"
                        + "\"note\":{\"type\":\"string\"}}}"))
                .output(Json.parse("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                        + "\"status\":{\"type\":\"string\"},\"reason\":{\"type\":\"string\"}}}"))
                .sideEffect(SideEffect.READ)
                .scope("orders:read")
                .build();
        CountingTool tool = new CountingTool(lookup, inv -> {
            ObjectNode out = Json.object().put("status", "found");
            if (inv.input().path("orderId").asText().equals("o-leak")) {
                out.put("reason", "key sk_test_FAKEFAKEFAKE1234 echoed by provider");
            }
            return out;
        });
        KernelExecutor kernel = kernel(HotPath.NONE, tool);
        String runId = unique("redact-");

        kernel.execute(
                run(runId),
                new ToolCall(
                        ToolRef.parse("test.lookup"),
                        input(
                                "{\"orderId\":\"o-1\",\"email\":\"jane.doe@example.com\",\"note\":\"call Jane at home\"}")));
        kernel.execute(run(runId), new ToolCall(ToolRef.parse("test.lookup"), input("{\"orderId\":\"o-leak\"}")));

        List<StoredTraceEvent> transcript = traces.transcript(ACME, runId);
        assertThat(Json.parse(transcript.get(0).evidence().input()))
                .isEqualTo(Json.parse("{\"orderId\":\"o-1\",\"email\":\"j***@example.com\",\"note\":\"[omitted]\"}"));
        assertThat(transcript.get(1).evidence().output())
                .doesNotContain("sk_test_")
                .contains("secret detected")
                .contains("stripe_key");
        assertThat(meters.counter("scanner_detection_total", "type", "stripe_key")
                        .count())
                .isEqualTo(1.0);
    }

    private static void sql(DataSource dataSource, TenantId tenant, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select set_config('app.tenant_id', '" + tenant.value() + "', true)");
                for (String sql : statements) {
                    statement.execute(sql);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
