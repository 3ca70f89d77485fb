package io.autobiz.kernel;

import static io.autobiz.kernel.Fixtures.ACME_CONFIG;
import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.aRun;
import static io.autobiz.kernel.Fixtures.configFor;
import static io.autobiz.kernel.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.autobiz.kernel.Fixtures.CountingTool;
import io.autobiz.kernel.Fixtures.InMemoryTraces;
import io.autobiz.kernel.bounds.InMemoryRunLedger;
import io.autobiz.kernel.config.ConfigSource;
import io.autobiz.kernel.credential.CredentialAccess;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.credential.SecretSource;
import io.autobiz.kernel.hitl.InMemoryApprovalRequests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class KernelExecutorTest {

    private final InMemoryTraces traces = new InMemoryTraces();
    private final List<SecurityIncident> incidents = new CopyOnWriteArrayList<>();
    private final List<CredentialAccess> audited = new CopyOnWriteArrayList<>();

    /** Every store's fake key names its store, so a test sees whose key a tool was given. */
    private final SecretSource secrets = (tenant, name) -> Optional.of("fake-" + name + "-of-" + tenant);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryApprovalRequests approvalStore = new InMemoryApprovalRequests();
    private final ExecutorService toolThreads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        toolThreads.shutdownNow();
    }

    @Test
    @DisplayName("P1-TASK-06 a kernel with a pipeline part left out is refused when it is built, naming the part")
    void aKernelMissingAPartIsNotBuilt() {
        assertThatThrownBy(() -> KernelExecutor.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("registry");
        assertThatThrownBy(() -> everyPartButEvidenceAndBreakers()
                        .withoutCircuitBreakers()
                        .build())
                .as("evidence (idempotency, receipts) is left out only by asking for it in memory")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evidence");
        assertThatThrownBy(() ->
                        everyPartButEvidenceAndBreakers().inMemoryEvidence().build())
                .as("circuit breakers are left out only by saying so")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("breakers");
        assertThat(everyPartButEvidenceAndBreakers()
                        .inMemoryEvidence()
                        .withoutCircuitBreakers()
                        .build())
                .isNotNull();
    }

    private KernelExecutor.Builder everyPartButEvidenceAndBreakers() {
        return KernelExecutor.builder()
                .registry(new ToolRegistry(List.of(capturing()), new SchemaValidator()))
                .configs(configFor("acme", ACME_CONFIG))
                .runLedger(new InMemoryRunLedger())
                .approvalRequests(approvalStore)
                .credentials(new CredentialScoper(secrets, audited::add, incidents::add))
                .securityIncidents(incidents::add)
                .traces(traces)
                .toolThreads(toolThreads)
                .meters(meters)
                .clock(Clock.systemUTC());
    }

    private KernelExecutor kernelWith(CountingTool tool) {
        return kernelWith(tool, configFor("acme", ACME_CONFIG));
    }

    private KernelExecutor kernelWith(CountingTool tool, ConfigSource configs) {
        ToolRegistry registry = new ToolRegistry(List.of(tool), new SchemaValidator());
        Clock clock = Clock.systemUTC();
        return Fixtures.aKernel(registry, configs, meters, clock)
                .approvalRequests(approvalStore)
                .credentials(new CredentialScoper(secrets, audited::add, incidents::add))
                .securityIncidents(incidents::add)
                .traces(traces)
                .toolThreads(toolThreads)
                .build();
    }

    private static CountingTool capturing() {
        return new CountingTool(aCaptureContract().build(), inv -> Json.object().put("status", "succeeded"));
    }

    private static ToolCall aValidCapture() {
        return new ToolCall(ToolRef.parse("test.payment.capture"), input("{\"paymentId\":\"pi_123\",\"amount\":2500}"));
    }

    @Test
    @DisplayName(
            "P1-T01 valid input is accepted, the tool runs once and the call is traced with correlation and config")
    void validInputRunsTheTool() {
        CountingTool tool = capturing();

        ToolResult result = kernelWith(tool).execute(aRun("acme"), aValidCapture());

        assertThat(result.output().get("status").asText()).isEqualTo("succeeded");
        assertThat(result.tool()).hasToString("test.payment.capture@1");
        assertThat(tool.invocations).hasValue(1);
        assertThat(traces.inTransaction).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(TraceEvent.Outcome.OK);
            assertThat(event.tool()).isEqualTo("test.payment.capture@1");
            assertThat(event.run().correlationId()).isEqualTo("corr-1");
            assertThat(event.configSha256())
                    .isEqualTo(Fixtures.active(ACME_CONFIG).sha256());
        });
        assertThat(meters.counter(
                                "tool_invocation_total",
                                "tool",
                                "test.payment.capture",
                                "version",
                                "1",
                                "outcome",
                                "ok")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T08 SOAK-INV-03 a completed call hands its CallScope the undo for a rollback of its unit of work:"
            + " run, it forgets the call for loop detection (a re-run job repeats it) and leaves its cost charged")
    void completedCallsAreForgottenWhenTheirJobRollsBack() {
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        List<Runnable> onRollback = new CopyOnWriteArrayList<>();
        CountingTool tool = capturing();
        KernelExecutor kernel = Fixtures.aKernel(
                        new ToolRegistry(List.of(tool), new SchemaValidator()),
                        configFor("acme", ACME_CONFIG),
                        meters,
                        Clock.systemUTC())
                .runLedger(ledger)
                .toolThreads(toolThreads)
                .callScope(onRollback::add)
                .build();
        RunContext run = aRun("acme");

        kernel.execute(run, aValidCapture());

        assertThat(ledger.find(run).orElseThrow().recentCalls()).hasSize(1);
        assertThat(onRollback)
                .as("one undo for the loop detector's memory, one for the idempotency claim the step completed")
                .hasSize(2);
        onRollback.forEach(Runnable::run);
        assertThat(ledger.find(run).orElseThrow().recentCalls()).isEmpty();
        assertThat(ledger.find(run).orElseThrow().steps())
                .as("the call was made: it stays charged")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("P1-T02 invalid input is refused with SCHEMA_INVALID before the tool runs, every violation by pointer")
    void invalidInputIsRefusedBeforeTheToolRuns() {
        CountingTool tool = capturing();
        KernelExecutor kernel = kernelWith(tool);

        assertThatThrownBy(() -> kernel.execute(
                        aRun("acme"),
                        new ToolCall(
                                ToolRef.parse("test.payment.capture"),
                                input("{\"paymentId\":\"ch_1\",\"amount\":0,\"extra\":true}"))))
                .isInstanceOf(KernelError.class)
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.SCHEMA_INVALID);
                    assertThat(error.retryable()).isFalse();
                    assertThat(error.getMessage()).contains("/paymentId", "/amount", "/extra");
                    assertThat(error.getMessage()).doesNotContain("ch_1");
                });

        assertThat(tool.invocations).hasValue(0);
        assertThat(traces.inTransaction).isEmpty();
        assertThat(traces.detached).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(TraceEvent.Outcome.REFUSED);
            assertThat(event.errorCode()).isEqualTo("SCHEMA_INVALID");
            assertThat(event.detail()).contains("/paymentId").doesNotContain("ch_1");
        });
    }

    @Test
    @DisplayName("P1-T01-NEG-unknown-tool an unknown tool or version is refused with TOOL_UNKNOWN and traced")
    void unknownToolIsRefused() {
        KernelExecutor kernel = kernelWith(capturing());

        assertThatThrownBy(() -> kernel.execute(
                        aRun("acme"), new ToolCall(ToolRef.parse("test.payment.capture@7"), input("{}"))))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.TOOL_UNKNOWN));
        assertThat(traces.detached)
                .singleElement()
                .satisfies(event -> assertThat(event.errorCode()).isEqualTo("TOOL_UNKNOWN"));
    }

    @Test
    @DisplayName(
            "P1-T06 a tool that outlives its timeout is aborted (interrupted) and the call fails with TOOL_TIMEOUT")
    void slowToolIsAbortedAtItsTimeout() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountingTool slow = new CountingTool(
                aCaptureContract().timeout(Duration.ofMillis(200)).build(), inv -> {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return Json.object().put("status", "too late");
                });
        KernelExecutor kernel = kernelWith(slow);

        assertThatThrownBy(() -> kernel.execute(aRun("acme"), aValidCapture()))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.TOOL_TIMEOUT);
                    assertThat(error.retryable()).isTrue();
                });
        assertThat(interrupted.await(5, TimeUnit.SECONDS))
                .as("the tool's thread was interrupted")
                .isTrue();
    }

    @Test
    @DisplayName("P1-T01-NEG-output output that breaks the tool's contract is refused with OUTPUT_INVALID")
    void invalidOutputIsRefused() {
        CountingTool liar = new CountingTool(
                aCaptureContract().build(),
                inv -> Json.object().put("status", "ok").put("secretExtra", "x"));

        assertThatThrownBy(() -> kernelWith(liar).execute(aRun("acme"), aValidCapture()))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.OUTPUT_INVALID));
    }

    @Test
    @DisplayName("P1-T02-NEG-no-config a store without a valid BusinessConfig is denied every call")
    void storeWithoutConfigIsDenied() {
        CountingTool tool = capturing();

        assertThatThrownBy(() -> kernelWith(tool).execute(aRun("globex"), aValidCapture()))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThat(tool.invocations).hasValue(0);
    }

    @Test
    @DisplayName(
            "P1-T03 the pipeline checks in order: an invalid call by a principal without permission is SCHEMA_INVALID")
    void schemaIsCheckedBeforePermission() {
        RunContext stranger = new RunContext(aRun("acme").tenant(), "run-9", "corr-9", "workflow:other", "other");

        assertThatThrownBy(() -> kernelWith(capturing())
                        .execute(stranger, new ToolCall(ToolRef.parse("test.payment.capture"), input("{}"))))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.SCHEMA_INVALID));
        assertThatThrownBy(() -> kernelWith(capturing()).execute(stranger, aValidCapture()))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    }

    /** A store whose approver may decide approvals: the positive case of the cross-store check below. */
    private static final String ACME_APPROVALS_CONFIG = """
            tenant: acme
            approvers: acme-approvers
            tools: [test.approval.decide]
            permissions:
              - principal: user:acme-approver
                tools: [test.approval.decide]
                scopes: [approvals:decide]
            bounds:
              maxSteps: 100
              maxTime: PT1H
              maxTokens: 10000
              maxToolCalls: 100
              maxMoneyAtRisk: 100000
            budgets:
              maxMoneyAtRiskPerDay: 500000
            """;

    @Test
    @DisplayName("P1-T34 P1-T-RK06c an input naming another store's entity is refused with CROSS_TENANT before the tool"
            + " runs, traced and recorded as a security incident")
    void foreignEntityInInputIsRefusedBeforeTheToolRuns() {
        CountingTool decide = new CountingTool(
                ToolContract.builder("test.approval.decide", 1)
                        .input(Fixtures.json("""
                                {"type":"object","additionalProperties":false,"required":["task","approved"],
                                 "properties":{"task":{"type":"string","format":"entity-id"},
                                               "approved":{"type":"boolean"}}}"""))
                        .output(Fixtures.json("""
                                {"type":"object","additionalProperties":false,"properties":{"status":{"type":"string"}}}"""))
                        .sideEffect(SideEffect.READ)
                        .scope("approvals:decide")
                        .build(),
                inv -> Json.object().put("status", "decided"));
        KernelExecutor kernel = kernelWith(decide, configFor("acme", ACME_APPROVALS_CONFIG));
        RunContext approverOfAcme =
                new RunContext(TenantId.of("acme"), "run-9", "corr-9", "user:acme-approver", "test");

        assertThatThrownBy(() -> kernel.execute(
                        approverOfAcme,
                        new ToolCall(
                                ToolRef.parse("test.approval.decide"),
                                input("{\"task\":\"globex:task:42\",\"approved\":true}"))))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.CROSS_TENANT));

        assertThat(decide.invocations).hasValue(0);
        assertThat(traces.detached).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(TraceEvent.Outcome.REFUSED);
            assertThat(event.errorCode()).isEqualTo("CROSS_TENANT");
        });
        assertThat(incidents).singleElement().satisfies(incident -> {
            assertThat(incident.principal()).isEqualTo("user:acme-approver");
            assertThat(incident.target()).isEqualTo(TenantId.of("globex"));
        });
        assertThat(kernel.execute(
                                approverOfAcme,
                                new ToolCall(
                                        ToolRef.parse("test.approval.decide"),
                                        input("{\"task\":\"acme:task:42\",\"approved\":true}")))
                        .output()
                        .get("status")
                        .asText())
                .as("the store's own task passes")
                .isEqualTo("decided");
    }

    @Test
    @DisplayName("P1-T32 a tool is given only the run's store's credentials for its own provider, audited under the"
            + " run's principal")
    void toolGetsOnlyTheRunsStoresCredentials() {
        AtomicReference<String> given = new AtomicReference<>();
        CountingTool tool = new CountingTool(aCaptureContract().build(), inv -> {
            given.set(inv.credentials().require("api_key"));
            return Json.object().put("status", "succeeded");
        });

        kernelWith(tool).execute(aRun("acme"), aValidCapture());

        assertThat(given.get()).isEqualTo("fake-stripe.api_key-of-acme");
        assertThat(audited)
                .containsExactly(new CredentialAccess(
                        TenantId.of("acme"), "stripe.api_key", "workflow:test", CredentialAccess.Action.READ));
    }
}
