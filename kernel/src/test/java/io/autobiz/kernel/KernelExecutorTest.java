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
import io.autobiz.kernel.Fixtures.InMemoryTraceStore;
import io.autobiz.kernel.bounds.BoundsEnforcer;
import io.autobiz.kernel.bounds.InMemoryRunLedger;
import io.autobiz.kernel.bounds.LoopDetector;
import io.autobiz.kernel.config.ConfigSource;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.permission.PermissionEnforcer;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.kernel.trace.TraceEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KernelExecutorTest {

    private final InMemoryTraceStore traces = new InMemoryTraceStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService toolThreads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        toolThreads.shutdownNow();
    }

    private KernelExecutor kernelWith(CountingTool tool) {
        return kernelWith(tool, configFor("acme", ACME_CONFIG));
    }

    private KernelExecutor kernelWith(CountingTool tool, ConfigSource configs) {
        ToolRegistry registry = new ToolRegistry(List.of(tool), new SchemaValidator());
        Clock clock = Clock.systemUTC();
        return new KernelExecutor(
                registry,
                configs,
                new PermissionEnforcer(meters),
                new BoundsEnforcer(new InMemoryRunLedger(), new LoopDetector(), meters, clock),
                new CredentialScoper((tenant, name) -> Optional.empty()),
                traces,
                toolThreads,
                meters,
                clock);
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
}
