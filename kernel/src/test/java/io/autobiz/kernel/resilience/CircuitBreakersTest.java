package io.autobiz.kernel.resilience;

import static io.autobiz.kernel.Fixtures.ACME_CONFIG;
import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.configFor;
import static io.autobiz.kernel.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.Fixtures.CountingTool;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.resilience.CircuitBreakers.Settings;
import io.autobiz.kernel.resilience.CircuitBreakers.State;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.testing.stage.Unit;
import io.autobiz.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class CircuitBreakersTest {

    private static final Settings SETTINGS = new Settings(50f, 4, 4, Duration.ofSeconds(30), 2);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** Redis in miniature: what the nodes publish, and a switch that makes it unreachable. */
    static final class InMemoryBreakerStates implements BreakerStates {
        final Map<String, SharedState> states = new ConcurrentHashMap<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public Optional<SharedState> read(String dependency) {
            if (down.get()) {
                throw new IllegalStateException("connection refused");
            }
            return Optional.ofNullable(states.get(dependency));
        }

        @Override
        public void write(String dependency, SharedState state) {
            if (down.get()) {
                throw new IllegalStateException("connection refused");
            }
            states.put(dependency, state);
        }
    }

    private CircuitBreakers node(String name, BreakerStates store) {
        return new CircuitBreakers(SETTINGS, store, meters, clock, name);
    }

    private static void fail(CircuitBreakers breakers, String dependency, int times) {
        for (int i = 0; i < times; i++) {
            breakers.admit(dependency).failed(Duration.ofMillis(5), new RuntimeException("HTTP 503"));
        }
    }

    @Test
    @DisplayName("P1-TASK-26 a breaker opens at the failure threshold and then refuses with DEPENDENCY_UNAVAILABLE,"
            + " retryable")
    void opensAtTheThreshold() {
        CircuitBreakers breakers = node("a", BreakerStates.local());
        fail(breakers, "stripe", 3);
        assertThat(breakers.stateOf("stripe")).isEqualTo(State.CLOSED);

        fail(breakers, "stripe", 1);

        assertThat(breakers.stateOf("stripe")).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> breakers.admit("stripe"))
                .asInstanceOf(type(KernelError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(breakers.stateOf("shopify")).as("one breaker per dependency").isEqualTo(State.CLOSED);
        assertThat(meters.get("circuit_breaker_state")
                        .tag("dependency", "stripe")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(meters.get("circuit_breaker_transition_total")
                        .tags("dependency", "stripe", "from", "CLOSED", "to", "OPEN")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName(
            "P1-TASK-26 after the wait an open breaker lets probes through (HALF_OPEN) and closes when they succeed")
    void halfOpenProbesClose() {
        CircuitBreakers breakers = node("a", BreakerStates.local());
        fail(breakers, "printful", 4);
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> breakers.admit("printful")).isInstanceOf(KernelError.class);

        clock.advance(Duration.ofSeconds(2));
        CircuitBreakers.Permit probe1 = breakers.admit("printful");
        assertThat(breakers.stateOf("printful")).isEqualTo(State.HALF_OPEN);
        CircuitBreakers.Permit probe2 = breakers.admit("printful");
        assertThatThrownBy(() -> breakers.admit("printful"))
                .as("only the permitted number of probes")
                .isInstanceOf(KernelError.class);
        probe1.succeeded(Duration.ofMillis(3));
        probe2.succeeded(Duration.ofMillis(3));

        assertThat(breakers.stateOf("printful")).isEqualTo(State.CLOSED);
        assertThat(meters.get("circuit_breaker_state")
                        .tag("dependency", "printful")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    @DisplayName("P1-TASK-26 a failing probe opens the breaker again")
    void failingProbeReopens() {
        CircuitBreakers breakers = node("a", BreakerStates.local());
        fail(breakers, "sendgrid", 4);
        clock.advance(Duration.ofSeconds(31));

        fail(breakers, "sendgrid", 2);

        assertThat(breakers.stateOf("sendgrid")).isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName(
            "P1-TASK-26 state is shared: a breaker opened on one node refuses on another, and an operator's reset on"
                    + " one node closes it on all")
    void stateIsSharedByTheNodes() {
        InMemoryBreakerStates redis = new InMemoryBreakerStates();
        CircuitBreakers a = node("a", redis);
        CircuitBreakers b = node("b", redis);

        fail(a, "shopify", 4);
        clock.advance(Duration.ofMillis(10));

        assertThat(b.stateOf("shopify")).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> b.admit("shopify")).isInstanceOf(KernelError.class);

        clock.advance(Duration.ofMillis(10));
        b.reset("shopify", "ops");
        clock.advance(Duration.ofMillis(10));

        assertThat(a.stateOf("shopify")).isEqualTo(State.CLOSED);
        a.admit("shopify").succeeded(Duration.ofMillis(1));
    }

    @Test
    @DisplayName("P1-TASK-26 with the shared store unreachable a node keeps deciding on its local state")
    void fallsBackToLocalState() {
        InMemoryBreakerStates redis = new InMemoryBreakerStates();
        CircuitBreakers breakers = node("a", redis);
        redis.down.set(true);

        fail(breakers, "llm", 4);

        assertThat(breakers.runningOnLocalState()).isTrue();
        assertThatThrownBy(() -> breakers.admit("llm")).isInstanceOf(KernelError.class);
        redis.down.set(false);
        assertThat(breakers.stateOf("llm")).isEqualTo(State.OPEN);
        assertThat(breakers.runningOnLocalState()).isFalse();
    }

    @Test
    @DisplayName("P1-TASK-26 step 7: the kernel refuses a call to an open dependency before the tool runs, traces the"
            + " refusal, and counts only provider failures against the breaker")
    void kernelStepSevenRefusesBeforeTheToolRuns() {
        AtomicBoolean providerDown = new AtomicBoolean(true);
        CountingTool tool = new CountingTool(aCaptureContract().build(), inv -> {
            if (providerDown.get()) {
                throw KernelError.of(ErrorCode.PROVIDER_UNAVAILABLE, "HTTP 503");
            }
            return Json.object().put("status", "succeeded");
        });
        Fixtures.InMemoryTraces traces = new Fixtures.InMemoryTraces();
        CircuitBreakers breakers = node("a", BreakerStates.local());
        KernelExecutor kernel = Fixtures.aKernel(
                        new ToolRegistry(List.of(tool), new SchemaValidator()),
                        configFor("acme", ACME_CONFIG),
                        meters,
                        clock)
                .traces(traces)
                .breakers(breakers)
                .build();
        AtomicInteger run = new AtomicInteger();
        // A different payment each time: identical calls would be answered by step 6 (idempotency), not the breaker.
        Runnable call = () -> {
            int n = run.incrementAndGet();
            kernel.execute(
                    new RunContext(TenantId.of("acme"), "run-" + n, "corr", "workflow:test", "test"),
                    new ToolCall(
                            ToolRef.parse("test.payment.capture"),
                            input("{\"paymentId\":\"pi_" + n + "\",\"amount\":100}")));
        };

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(call::run)
                    .asInstanceOf(type(KernelError.class))
                    .extracting(KernelError::code)
                    .isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        }
        assertThatThrownBy(call::run)
                .asInstanceOf(type(KernelError.class))
                .extracting(KernelError::code)
                .isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
        assertThat(tool.invocations).hasValue(4);
        assertThat(traces.detached)
                .last()
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo("DEPENDENCY_UNAVAILABLE"))
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(TraceEvent.Outcome.FAILED));

        providerDown.set(false);
        clock.advance(Duration.ofSeconds(31));
        call.run();
        call.run();
        assertThat(breakers.stateOf("stripe")).isEqualTo(State.CLOSED);
        assertThat(tool.invocations).hasValue(6);
    }
}
