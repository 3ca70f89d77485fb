package io.autobiz.engine;

import static io.autobiz.kernel.Fixtures.ACME_CONFIG;
import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.configFor;
import static io.autobiz.kernel.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.Fixtures.CountingTool;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.ToolResult;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.evidence.EvidencePorts;
import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.idempotency.IdempotencyRecord;
import io.autobiz.kernel.idempotency.JdbcIdempotencyRecords;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.state.JdbcStates;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A step that rolls back after its tool call was made (a later call of the job failed, the engine's optimistic lock)
 * takes the idempotency record's completion with it, while the in-flight claim was committed before the call. The
 * soak found such claims left in flight for good: reconciliation repairs whose pass rolled back and whose drift was
 * gone on the next pass, so nobody claimed the key again. The kernel is wired as the application wires it
 * ({@code KernelConfiguration}: transaction-aware data source, {@link SpringCommitHooks}, {@link JobCallScope}), with
 * Spring transactions standing in for the engine's jobs, on PostgreSQL as the application role under row-level
 * security.
 */
@IntegrationInternal
class ClaimsOfRolledBackStepsIT {

    private static final TenantId ACME = TenantId.of("acme");
    private static DataSource app;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> externalKeysSeen = new CopyOnWriteArrayList<>();
    private JdbcIdempotencyRecords records;
    private JdbcReceipts receipts;
    private TransactionTemplate steps;

    @BeforeAll
    static void migrate() {
        app = TestPostgres.newDatabase().migrateAutoBizTables().appDataSource();
    }

    private KernelExecutor kernel(CountingTool tool) {
        TenantJdbc jdbc = new TenantJdbc(new TransactionAwareDataSourceProxy(app), app)
                .committingThrough(new SpringCommitHooks());
        Clock clock = Clock.systemUTC();
        records = new JdbcIdempotencyRecords(jdbc);
        receipts = new JdbcReceipts(
                jdbc, new SecretBox(KeyRing.of(Map.of("test-k1", new byte[32]), "test-k1")), meters, clock);
        steps = new TransactionTemplate(new DataSourceTransactionManager(app));
        EvidencePorts evidence = EvidencePorts.of(records, receipts, new JdbcStates(jdbc, meters, clock), meters);
        return Fixtures.aKernel(
                        new ToolRegistry(List.of(tool), new SchemaValidator()),
                        configFor("acme", ACME_CONFIG),
                        meters,
                        clock)
                .evidence(evidence)
                .callScope(new JobCallScope())
                .build();
    }

    private CountingTool capture(ToolContract contract) {
        return new CountingTool(contract, invocation -> {
            externalKeysSeen.add(invocation.externalIdempotencyKey().orElseThrow());
            return Json.object().put("status", "succeeded");
        });
    }

    private static ToolCall captureOf(String paymentId) {
        return new ToolCall(
                ToolRef.parse("test.payment.capture"), input("{\"paymentId\":\"" + paymentId + "\",\"amount\":700}"));
    }

    private static String aPayment() {
        return "pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static RunContext run(String id) {
        return new RunContext(ACME, id, "corr-" + id, "workflow:test", "test");
    }

    /** A step that makes the call and then fails, as a job whose later call fails: its transaction rolls back. */
    private void aStepThatFailsAfter(KernelExecutor kernel, ToolCall call) {
        assertThatThrownBy(() -> steps.executeWithoutResult(status -> {
                    kernel.execute(run("r1"), call);
                    throw new IllegalStateException("the step failed after its tool call");
                }))
                .hasMessage("the step failed after its tool call");
    }

    private Optional<IdempotencyRecord> recordOf(ToolContract contract, String paymentId) {
        IdempotencyKey key =
                IdempotencyKey.of(ACME, contract, input("{\"paymentId\":\"" + paymentId + "\",\"amount\":700}"));
        return records.find(ACME, key.internal());
    }

    private double rolledBack(ToolContract contract, String outcome) {
        return meters.counter(
                        "idempotency_rolled_back_total", "tool", contract.id().toString(), "outcome", outcome)
                .count();
    }

    @Test
    @DisplayName("SOAK-INV-01 P1-T05 a call whose step rolls back afterwards leaves no claim in flight: the provider"
            + " deduplicates, so the claim is released and the retry executes with the same external key, one receipt")
    void aRolledBackStepReleasesItsClaim() {
        ToolContract contract = aCaptureContract().build();
        CountingTool tool = capture(contract);
        KernelExecutor kernel = kernel(tool);
        String payment = aPayment();

        aStepThatFailsAfter(kernel, captureOf(payment));

        assertThat(recordOf(contract, payment))
                .as("nothing left in flight for a caller that may never come back")
                .isEmpty();
        assertThat(rolledBack(contract, "released")).isEqualTo(1.0);
        ToolResult retried = steps.execute(status -> kernel.execute(run("r1"), captureOf(payment)));

        assertThat(retried.replayed()).isFalse();
        assertThat(tool.invocations).hasValue(2);
        assertThat(externalKeysSeen).hasSize(2).containsOnly(externalKeysSeen.get(0));
        assertThat(recordOf(contract, payment))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(IdempotencyRecord.Status.COMPLETED));
        IdempotencyKey key =
                IdempotencyKey.of(ACME, contract, input("{\"paymentId\":\"" + payment + "\",\"amount\":700}"));
        assertThat(receipts.forKey(ACME, key.internal()))
                .as("the rolled-back step's receipt went with it")
                .hasSize(1);
    }

    @Test
    @DisplayName("SOAK-INV-01 P1-T05 an at-most-once call whose step rolls back keeps its output as the claim's result:"
            + " the retry replays it and the effect is not made again")
    void aRolledBackAtMostOnceCallIsRecordedNotMadeAgain() {
        ToolContract contract = aCaptureContract()
                .atMostOnce(Json.object().put("status", "unknown"))
                .build();
        CountingTool tool = capture(contract);
        KernelExecutor kernel = kernel(tool);
        String payment = aPayment();

        aStepThatFailsAfter(kernel, captureOf(payment));

        assertThat(recordOf(contract, payment)).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(IdempotencyRecord.Status.COMPLETED);
            assertThat(Json.parse(r.result()).path("status").asText()).isEqualTo("succeeded");
        });
        assertThat(rolledBack(contract, "result_kept")).isEqualTo(1.0);
        ToolResult retried = steps.execute(status -> kernel.execute(run("r1"), captureOf(payment)));

        assertThat(retried.replayed()).isTrue();
        assertThat(retried.output().path("status").asText()).isEqualTo("succeeded");
        assertThat(tool.invocations).hasValue(1);
    }

    @Test
    @DisplayName("P1-T05-NEG-abandoned a late release or completion names its lease: a claim another caller took over"
            + " since is left alone")
    void aLateUndoLeavesAClaimTakenOverAlone() {
        ToolContract contract = aCaptureContract().build();
        kernel(capture(contract));
        IdempotencyKey key =
                IdempotencyKey.of(ACME, contract, input("{\"paymentId\":\"" + aPayment() + "\",\"amount\":700}"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant firstLease = now.minusSeconds(1);
        assertThat(records.insertInFlight(
                        ACME, contract.id().toString(), key, "first", now.minusSeconds(40), firstLease))
                .isTrue();
        IdempotencyRecord abandoned = records.find(ACME, key.internal()).orElseThrow();
        Instant secondLease = now.plusSeconds(32);
        assertThat(records.takeOver(ACME, abandoned, key, "second", now, secondLease))
                .isTrue();

        records.release(ACME, key.internal(), firstLease);
        assertThat(records.completeAlone(ACME, key.internal(), firstLease, "{}", now))
                .isFalse();

        assertThat(records.find(ACME, key.internal())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(IdempotencyRecord.Status.IN_FLIGHT);
            assertThat(r.leaseUntil()).isEqualTo(secondLease);
        });
        records.release(ACME, key.internal(), secondLease);
        assertThat(records.find(ACME, key.internal())).isEmpty();
    }
}
