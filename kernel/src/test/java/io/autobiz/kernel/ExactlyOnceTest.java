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
import io.autobiz.kernel.Fixtures.InMemoryTraces;
import io.autobiz.kernel.evidence.EvidencePorts;
import io.autobiz.kernel.idempotency.HotPath;
import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.idempotency.InMemoryIdempotencyRecords;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.InMemoryReceipts;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.state.InMemoryStates;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.testing.stage.Unit;
import io.autobiz.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Steps 6 and 10-12 through the whole pipeline, in memory (the database versions are in the *IT classes). */
@Unit
class ExactlyOnceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryTraces traces = new InMemoryTraces();
    private final InMemoryIdempotencyRecords records = new InMemoryIdempotencyRecords();
    private final InMemoryReceipts receipts = new InMemoryReceipts(clock);
    private final List<Optional<String>> externalKeysSeen = new CopyOnWriteArrayList<>();
    private HotPath hotPath = HotPath.NONE;

    private KernelExecutor kernelWith(CountingTool... tools) {
        EvidencePorts evidence = EvidencePorts.of(records, receipts, new InMemoryStates(), meters)
                .withHotPath(hotPath);
        return Fixtures.aKernel(
                        new ToolRegistry(List.of(tools), new SchemaValidator()),
                        configFor("acme", ACME_CONFIG),
                        meters,
                        clock)
                .traces(traces)
                .evidence(evidence)
                .build();
    }

    private CountingTool capture(Function<ToolInvocation, ObjectNode> behaviour) {
        return capture(aCaptureContract().build(), behaviour);
    }

    private CountingTool capture(ToolContract contract, Function<ToolInvocation, ObjectNode> behaviour) {
        return new CountingTool(contract, invocation -> {
            externalKeysSeen.add(invocation.externalIdempotencyKey());
            invocation.usage().recordProviderCall("stripe");
            return behaviour.apply(invocation);
        });
    }

    private static ObjectNode succeeded() {
        return Json.object().put("status", "succeeded");
    }

    private static RunContext run(String id) {
        return new RunContext(TenantId.of("acme"), id, "corr-" + id, "workflow:test", "test");
    }

    private static ToolCall captureOf(String paymentId, int amount) {
        return new ToolCall(
                ToolRef.parse("test.payment.capture"),
                input("{\"paymentId\":\"" + paymentId + "\",\"amount\":" + amount + "}"));
    }

    @Test
    @DisplayName("P1-T11 a duplicate call within the window returns the stored result without executing")
    void duplicateReturnsStoredResult() {
        AtomicInteger n = new AtomicInteger();
        CountingTool tool = capture(inv -> Json.object().put("status", "succeeded-" + n.incrementAndGet()));
        KernelExecutor kernel = kernelWith(tool);

        ToolResult first = kernel.execute(run("r1"), captureOf("pi_1", 2500));
        clock.advance(Duration.ofHours(23));
        ToolResult second = kernel.execute(run("r2"), captureOf("pi_1", 2500));

        assertThat(tool.invocations).hasValue(1);
        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.output()).isEqualTo(first.output());
        assertThat(traces.inTransaction)
                .extracting(e -> e.evidence().replayed())
                .containsExactly(false, true);
        assertThat(meters.counter("idempotency_hit_total", "tool", "test.payment.capture@1", "source", "database")
                        .count())
                .isEqualTo(1.0);
        assertThat(receipts.all()).hasSize(1);
    }

    @Test
    @DisplayName("P1-T12 after the 24 h window the same call executes again")
    void afterTheWindowItExecutesAgain() {
        CountingTool tool = capture(inv -> succeeded());
        KernelExecutor kernel = kernelWith(tool);

        kernel.execute(run("r1"), captureOf("pi_1", 2500));
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        ToolResult again = kernel.execute(run("r2"), captureOf("pi_1", 2500));

        assertThat(again.replayed()).isFalse();
        assertThat(tool.invocations).hasValue(2);
        assertThat(meters.counter(
                                "idempotency_miss_total", "tool", "test.payment.capture@1", "source", "window_expired")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName(
            "P1-T05-NEG-conflict the same intent with other arguments is IDEMPOTENCY_CONFLICT and does not execute")
    void sameKeyOtherArgumentsIsAConflict() {
        ToolContract byPayment = ToolContract.builder("test.payment.capture", 1)
                .input(aCaptureContract().build().inputSchema())
                .output(aCaptureContract().build().outputSchema())
                .sideEffect(SideEffect.WRITE)
                .scope("payments:capture")
                .intent("paymentId")
                .build();
        CountingTool tool = capture(byPayment, inv -> succeeded());
        KernelExecutor kernel = kernelWith(tool);
        kernel.execute(run("r1"), captureOf("pi_1", 2500));

        assertThatThrownBy(() -> kernel.execute(run("r2"), captureOf("pi_1", 9900)))
                .asInstanceOf(type(KernelError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT);
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(tool.invocations).hasValue(1);
        assertThat(traces.detached)
                .singleElement()
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo("IDEMPOTENCY_CONFLICT"));
    }

    @Test
    @DisplayName("P1-T05-NEG-in-progress an identical call while one executes is refused as retryable, then replayed")
    void concurrentIdenticalCallIsInProgress() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountingTool tool = capture(inv -> {
            entered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return succeeded();
        });
        KernelExecutor kernel = kernelWith(tool);
        CompletableFuture<ToolResult> first =
                CompletableFuture.supplyAsync(() -> kernel.execute(run("r1"), captureOf("pi_1", 2500)));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> kernel.execute(run("r2"), captureOf("pi_1", 2500)))
                .asInstanceOf(type(KernelError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_IN_PROGRESS);
                    assertThat(e.retryable()).isTrue();
                });
        release.countDown();
        first.get(5, TimeUnit.SECONDS);

        assertThat(kernel.execute(run("r3"), captureOf("pi_1", 2500)).replayed())
                .isTrue();
        assertThat(tool.invocations).hasValue(1);
    }

    @Test
    @DisplayName("P1-T05-NEG-failed-call a failed call frees its key: the retry executes with the same external key")
    void failedCallReleasesItsClaim() {
        AtomicInteger calls = new AtomicInteger();
        CountingTool tool = capture(inv -> {
            if (calls.incrementAndGet() == 1) {
                throw KernelError.of(ErrorCode.PROVIDER_UNAVAILABLE, "stripe answered 503");
            }
            return succeeded();
        });
        KernelExecutor kernel = kernelWith(tool);

        assertThatThrownBy(() -> kernel.execute(run("r1"), captureOf("pi_1", 2500)))
                .hasMessageContaining("503");
        ToolResult retried = kernel.execute(run("r1"), captureOf("pi_1", 2500));

        assertThat(retried.replayed()).isFalse();
        assertThat(externalKeysSeen).hasSize(2).containsOnly(externalKeysSeen.get(0));
        assertThat(receipts.all()).hasSize(1);
    }

    @Test
    @DisplayName("SOAK-INV-01 a timed-out call of an at-most-once tool (no provider idempotency key) is recorded as an"
            + " unknown outcome and not made again; a refusal before it ran is still retried")
    void timedOutAtMostOnceCallIsRecordedNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        ToolContract mail = aCaptureContract()
                .timeout(Duration.ofMillis(200))
                .atMostOnce(Json.object().put("status", "unknown"))
                .build();
        CountingTool tool = capture(mail, inv -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                throw KernelError.of(ErrorCode.PROVIDER_UNAVAILABLE, "503 before it ran");
            }
            try {
                Thread.sleep(2_000); // the provider acts, but answers after the tool's timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return succeeded();
        });
        KernelExecutor kernel = kernelWith(tool);

        assertThatThrownBy(() -> kernel.execute(run("r1"), captureOf("pi_1", 2500)))
                .hasMessageContaining("503");
        ToolResult timedOut = kernel.execute(run("r1"), captureOf("pi_1", 2500));
        ToolResult retried = kernel.execute(run("r1"), captureOf("pi_1", 2500));

        assertThat(timedOut.output().path("status").asText()).isEqualTo("unknown");
        assertThat(retried.replayed()).isTrue();
        assertThat(tool.invocations).as("a 503 is retried, a timeout is not").hasValue(2);
        assertThat(receipts.all()).hasSize(1);
        assertThat(meters.counter(
                                "tool_invocation_total",
                                "tool",
                                "test.payment.capture",
                                "version",
                                "1",
                                "outcome",
                                "outcome_unknown")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("SOAK-INV-03 an at-most-once call of an intent already made with other arguments (two workflows"
            + " mailing the same order's cancellation) gets the first result instead of IDEMPOTENCY_CONFLICT;"
            + " other tools still conflict")
    void atMostOnceSameIntentOtherArgumentsIsReplayed() {
        // A mail-like tool (the name is one the fixture's store enables): the intent is recipient and reference.
        ToolContract.Builder mailLike = ToolContract.builder("test.lookup", 1)
                .description("send a test mail")
                .input(Fixtures.json("""
                        {"type":"object","additionalProperties":false,"required":["to","reference"],
                         "properties":{"to":{"type":"string"},"reference":{"type":"string"},
                                       "reason":{"type":"string"}}}"""))
                .output(Fixtures.json("""
                        {"type":"object","additionalProperties":false,"required":["accepted"],
                         "properties":{"accepted":{"type":"boolean"},"outcome":{"type":"string"}}}"""))
                .sideEffect(SideEffect.WRITE)
                .scope("payments:capture")
                .intent("to", "reference")
                .dependency("sendgrid");
        CountingTool atMostOnce = new CountingTool(
                mailLike.atMostOnce(Json.object().put("accepted", false).put("outcome", "unknown"))
                        .build(),
                inv -> Json.object().put("accepted", true));
        KernelExecutor kernel = kernelWith(atMostOnce);
        ToolCall first =
                new ToolCall(ToolRef.parse("test.lookup"), input("{\"to\":\"ada@example.com\",\"reference\":\"o-1\"}"));
        ToolCall otherWords = new ToolCall(
                ToolRef.parse("test.lookup"),
                input("{\"to\":\"ada@example.com\",\"reference\":\"o-1\",\"reason\":\"wrong size\"}"));

        kernel.execute(run("wf01"), first);
        ToolResult second = kernel.execute(run("wf04"), otherWords);

        assertThat(second.replayed()).isTrue();
        assertThat(second.output().path("accepted").asBoolean()).isTrue();
        assertThat(atMostOnce.invocations).hasValue(1);
        assertThat(meters.counter("idempotency_same_intent_other_arguments_total", "tool", "test.lookup@1")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("SOAK-INV-01 an at-most-once claim abandoned mid-call (its node was killed) is recorded as an unknown"
            + " outcome after its lease, not made again")
    void abandonedAtMostOnceClaimIsNotMadeAgain() {
        CountingTool mail = new CountingTool(
                aCaptureContract()
                        .atMostOnce(Json.object().put("status", "unknown"))
                        .build(),
                inv -> succeeded());
        KernelExecutor kernel = kernelWith(mail);
        IdempotencyKey key = IdempotencyKey.of(
                TenantId.of("acme"), mail.contract(), input("{\"paymentId\":\"pi_1\",\"amount\":2500}"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        records.insertInFlight(
                TenantId.of("acme"), "test.payment.capture@1", key, "killed-run", now, now.plusSeconds(32));
        clock.advance(Duration.ofSeconds(33));

        ToolResult taken = kernel.execute(run("r1"), captureOf("pi_1", 2500));

        assertThat(taken.replayed()).isTrue();
        assertThat(taken.output().path("status").asText()).isEqualTo("unknown");
        assertThat(mail.invocations).hasValue(0);
    }

    @Test
    @DisplayName("P1-T05-NEG-abandoned a claim left by a crashed node blocks until its lease ends, then is taken over")
    void abandonedClaimIsTakenOverAfterItsLease() {
        CountingTool tool = capture(inv -> succeeded());
        KernelExecutor kernel = kernelWith(tool);
        IdempotencyKey key = IdempotencyKey.of(
                TenantId.of("acme"), tool.contract(), input("{\"paymentId\":\"pi_1\",\"amount\":2500}"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        records.insertInFlight(
                TenantId.of("acme"), "test.payment.capture@1", key, "crashed-run", now, now.plusSeconds(32));

        assertThatThrownBy(() -> kernel.execute(run("r1"), captureOf("pi_1", 2500)))
                .asInstanceOf(type(KernelError.class))
                .extracting(KernelError::code)
                .isEqualTo(ErrorCode.IDEMPOTENCY_IN_PROGRESS);
        clock.advance(Duration.ofSeconds(33));
        ToolResult taken = kernel.execute(run("r1"), captureOf("pi_1", 2500));

        assertThat(taken.replayed()).isFalse();
        assertThat(externalKeysSeen).containsExactly(Optional.of(key.external()));
    }

    @Test
    @DisplayName("P1-T05-NEG-redis-down with the hot path failing, duplicates are answered from the durable record")
    void failingHotPathFallsBackToTheDurableRecord() {
        hotPath = new HotPath() {
            @Override
            public Optional<Completed> get(TenantId tenant, String internalKey) {
                throw new IllegalStateException("Connection refused");
            }

            @Override
            public void put(TenantId tenant, String internalKey, Completed completed, Duration ttl) {
                throw new IllegalStateException("Connection refused");
            }
        };
        CountingTool tool = capture(inv -> succeeded());
        KernelExecutor kernel = kernelWith(tool);

        kernel.execute(run("r1"), captureOf("pi_1", 2500));
        ToolResult duplicate = kernel.execute(run("r2"), captureOf("pi_1", 2500));

        assertThat(duplicate.replayed()).isTrue();
        assertThat(tool.invocations).hasValue(1);
        assertThat(meters.counter("idempotency_hot_path_failure_total").count()).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    @DisplayName("P1-T13 a WRITE call sends the external key and leaves one receipt linking execution and both keys")
    void writeCallLeavesAReceipt() {
        CountingTool tool = capture(inv -> Json.object().put("status", "succeeded"));
        KernelExecutor kernel = kernelWith(tool);

        kernel.execute(run("r1"), captureOf("pi_1", 2500));

        IdempotencyKey key = IdempotencyKey.of(
                TenantId.of("acme"), tool.contract(), input("{\"paymentId\":\"pi_1\",\"amount\":2500}"));
        assertThat(externalKeysSeen).containsExactly(Optional.of(key.external()));
        assertThat(receipts.all()).singleElement().satisfies(receipt -> {
            assertThat(receipt.executionId()).isEqualTo("r1");
            assertThat(receipt.correlationId()).isEqualTo("corr-r1");
            assertThat(receipt.internalKey()).isEqualTo(key.internal());
            assertThat(receipt.externalKey()).isEqualTo(key.external());
            assertThat(receipt.chainSeq()).isEqualTo(1);
            assertThat(receipt.financial()).isEmpty();
        });
        assertThat(traces.inTransaction)
                .singleElement()
                .satisfies(event -> assertThat(event.evidence().receiptId())
                        .isEqualTo(receipts.all().get(0).receiptId()));
    }

    @Test
    @DisplayName("P1-T13 a READ call gets no external key, no idempotency record and no receipt")
    void readCallIsNotClaimed() {
        ToolContract lookup = ToolContract.builder("test.lookup", 1)
                .input(Json.parse("{\"type\":\"object\",\"additionalProperties\":false,"
                        + "\"properties\":{\"orderId\":{\"type\":\"string\"}}}"))
                .output(aCaptureContract().build().outputSchema())
                .sideEffect(SideEffect.READ)
                .scope("orders:read")
                .build();
        CountingTool tool = capture(lookup, inv -> succeeded());
        KernelExecutor kernel = kernelWith(tool);
        ToolCall call = new ToolCall(ToolRef.parse("test.lookup"), input("{\"orderId\":\"o-1\"}"));

        kernel.execute(run("r1"), call);
        kernel.execute(run("r2"), call);

        assertThat(tool.invocations).hasValue(2);
        assertThat(externalKeysSeen).containsOnly(Optional.empty());
        assertThat(receipts.all()).isEmpty();
    }

    @Test
    @DisplayName("P1-T10 a call with a provider call has cost > 0, on its transcript line and charged to the tenant,"
            + " workflow and tool")
    void providerCallCosts() {
        KernelExecutor kernel = kernelWith(capture(inv -> succeeded()));

        kernel.execute(run("r1"), captureOf("pi_1", 2500));

        TraceEvent event = traces.inTransaction.get(0);
        assertThat(event.evidence().costMicros()).isEqualTo(100);
        assertThat(meters.counter("autobiz_cost_micros_total", "tenant", "acme", "workflow", "test")
                        .count())
                .isEqualTo(100.0);
        assertThat(meters.get("tool_call_cost_micros")
                        .tags("tenant", "acme", "workflow", "test")
                        .summary()
                        .totalAmount())
                .as("cost per store, workflow and tool")
                .isEqualTo(100.0);
    }

    @Test
    @DisplayName("P1-T14 each executed call moves the run's state one version on, with its patch and hash traced")
    void stateVersionPerCall() {
        KernelExecutor kernel = kernelWith(capture(inv -> succeeded()));

        kernel.execute(run("r1"), captureOf("pi_1", 2500));
        kernel.execute(run("r1"), captureOf("pi_2", 2500));

        assertThat(traces.inTransaction)
                .extracting(e -> e.evidence().stateVersion())
                .containsExactly(1L, 2L);
        assertThat(traces.inTransaction.get(1).evidence().statePatch()).contains("\"op\"");
        assertThat(traces.inTransaction.get(1).evidence().stateEntity()).isEqualTo("acme:run:r1");
    }
}
