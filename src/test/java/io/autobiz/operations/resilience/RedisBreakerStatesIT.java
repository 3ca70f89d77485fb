package io.autobiz.operations.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.resilience.CircuitBreakers;
import io.autobiz.kernel.resilience.CircuitBreakers.State;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two nodes sharing breaker state through the real Redis, under a key prefix of their own; and Redis unreachable. */
@IntegrationInternal
class RedisBreakerStatesIT {

    private static final CircuitBreakers.Settings SETTINGS =
            new CircuitBreakers.Settings(50f, 2, 2, Duration.ofMinutes(5), 1);

    private static CircuitBreakers node(String name, RedisBreakerStates store) {
        return new CircuitBreakers(SETTINGS, store, new SimpleMeterRegistry(), Clock.systemUTC(), name);
    }

    @Test
    @DisplayName("P1-TASK-26 a breaker opened on one node is open on the other through Redis; an admin reset on the"
            + " other closes it on the first")
    void nodesShareStateThroughRedis() throws Exception {
        String prefix = "autobiz-test:" + UUID.randomUUID() + ":breaker:";
        try (RedisBreakerStates one = new RedisBreakerStates(TestRedis.uri(), prefix, Clock.systemUTC());
                RedisBreakerStates two = new RedisBreakerStates(TestRedis.uri(), prefix, Clock.systemUTC())) {
            CircuitBreakers a = node("a", one);
            CircuitBreakers b = node("b", two);

            a.admit("printful").failed(Duration.ofMillis(1), new RuntimeException("503"));
            a.admit("printful").failed(Duration.ofMillis(1), new RuntimeException("503"));

            assertThat(one.read("printful"))
                    .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(State.OPEN));
            assertThatThrownBy(() -> b.admit("printful")).isInstanceOf(KernelError.class);
            assertThat(b.runningOnLocalState()).isFalse();

            b.reset("printful", "ops");
            assertThat(a.stateOf("printful")).isEqualTo(State.CLOSED);
            a.admit("printful").succeeded(Duration.ofMillis(1));
        }
    }

    @Test
    @DisplayName("P1-TASK-26 with Redis unreachable the breakers keep working on local state")
    void unreachableRedisFallsBackToLocalState() {
        try (RedisBreakerStates nowhere =
                new RedisBreakerStates(URI.create("redis://127.0.0.1:1"), "x:", Clock.systemUTC())) {
            CircuitBreakers alone = node("alone", nowhere);

            alone.admit("slack").failed(Duration.ofMillis(1), new RuntimeException("503"));
            alone.admit("slack").failed(Duration.ofMillis(1), new RuntimeException("503"));

            assertThat(alone.runningOnLocalState()).isTrue();
            assertThatThrownBy(() -> alone.admit("slack")).isInstanceOf(KernelError.class);
        }
    }
}
