package io.autobiz.kernel.evidence;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.NewReceipt;
import io.autobiz.kernel.state.JdbcStates;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.trace.JdbcTraces;
import io.autobiz.kernel.trace.StepEvidence;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evidence a WRITE call leaves — receipt (sealed, chained), state version (patch applied, optimistic insert) and
 * transcript line — written by the kernel's stores in one transaction and committed, beside the same three INSERTs done
 * bare with precomputed values in one transaction, as the application role under row-level security. Needs the test
 * PostgreSQL (docs/ci.md). Run with the command in docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EvidenceWritesBenchmark {

    private static final TenantId ACME = TenantId.of("acme");

    private Connection connection;
    private JdbcReceipts receipts;
    private JdbcStates states;
    private JdbcTraces traces;
    private long n;
    private final String run = "bench-" + UUID.randomUUID();

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        DataSource app = TestPostgres.newDatabase().migrateAutoBizTables().appDataSource();
        connection = app.getConnection();
        connection.setAutoCommit(false);
        TenantJdbc jdbc = new TenantJdbc(joining(connection));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        receipts = new JdbcReceipts(
                jdbc, new SecretBox(KeyRing.of(Map.of("bench", new byte[32]), "bench")), meters, Clock.systemUTC());
        states = new JdbcStates(jdbc, meters, Clock.systemUTC());
        traces = new JdbcTraces(jdbc);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
    }

    @Benchmark
    public void kernelStoresInOneTransaction() throws SQLException {
        long i = ++n;
        String internal = String.format("%064x", i);
        RunContext context = new RunContext(ACME, run, "corr-" + i, "workflow:bench", "bench");
        receipts.append(new NewReceipt(
                ACME,
                run,
                "corr-" + i,
                "bench.capture@1",
                SideEffect.WRITE,
                internal,
                IdempotencyKey.externalFor(internal),
                "pi_" + i,
                Json.parse("{\"paymentIntentId\":\"pi_" + i + "\",\"amount\":2500}"),
                Json.parse("{\"status\":\"succeeded\"}"),
                null));
        states.apply(
                context,
                "acme:run:" + run + "-" + i,
                0,
                Json.parse("[{\"op\":\"add\",\"path\":\"/status\",\"value\":\"captured\"}]"));
        traces.append(new TraceEvent(
                context,
                TraceEvent.Kind.TOOL_CALL,
                "bench.capture@1",
                TraceEvent.Outcome.OK,
                null,
                null,
                Duration.ofMillis(1),
                Instant.now(),
                null,
                new StepEvidence(
                        "{}", "{\"status\":\"succeeded\"}", 100, null, 1L, "[]", "0".repeat(64), null, false)));
        connection.commit();
    }

    @Benchmark
    public void bareInsertsInOneTransaction() throws SQLException {
        long i = ++n;
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement tenant =
                        connection.prepareStatement("select set_config('app.tenant_id', 'acme', true)");
                PreparedStatement receipt = connection.prepareStatement("insert into receipts (receipt_id, tenant_id,"
                        + " execution_id, correlation_id, tool, side_effect, internal_key, external_key, request,"
                        + " response, hash, chain_seq, created_at, updated_at) values (?, 'acme', ?, ?,"
                        + " 'bench.capture@1', 'WRITE', ?, 'autobiz:x', '{}', '{}', ?, ?, ?, ?)");
                PreparedStatement state = connection.prepareStatement("insert into state_versions (tenant_id,"
                        + " entity_id, version, patch, state, state_sha256, correlation_id, run_id, created_at,"
                        + " updated_at) values ('acme', ?, 1, '[]', '{}', ?, ?, ?, ?, ?)");
                PreparedStatement trace = connection.prepareStatement("insert into traces (tenant_id, correlation_id,"
                        + " run_id, workflow, principal, kind, tool, outcome, detail, created_at, updated_at) values"
                        + " ('acme', ?, ?, 'bench', 'workflow:bench', 'TOOL_CALL', 'bench.capture@1', 'OK', '{}', ?,"
                        + " ?)")) {
            tenant.execute();
            receipt.setString(1, id);
            receipt.setString(2, run);
            receipt.setString(3, "corr-" + i);
            receipt.setString(4, String.format("%064x", i));
            receipt.setString(5, "0".repeat(64));
            receipt.setLong(6, -i);
            receipt.setTimestamp(7, now);
            receipt.setTimestamp(8, now);
            receipt.executeUpdate();
            state.setString(1, "acme:run:bare-" + run + "-" + i);
            state.setString(2, "0".repeat(64));
            state.setString(3, "corr-" + i);
            state.setString(4, run);
            state.setTimestamp(5, now);
            state.setTimestamp(6, now);
            state.executeUpdate();
            trace.setString(1, "corr-" + i);
            trace.setString(2, run);
            trace.setTimestamp(3, now);
            trace.setTimestamp(4, now);
            trace.executeUpdate();
        }
        connection.commit();
    }

    /** Every getConnection returns the one open connection, in its transaction; close does nothing. */
    private static DataSource joining(Connection connection) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return Proxy.newProxyInstance(
                                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                                    if (m.getName().equals("close")) {
                                        return null;
                                    }
                                    try {
                                        return m.invoke(connection, a);
                                    } catch (InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
