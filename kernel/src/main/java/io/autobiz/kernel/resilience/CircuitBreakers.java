package io.autobiz.kernel.resilience;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.KernelError;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One breaker per dependency: CLOSED → OPEN when the failure rate over the last calls reaches the threshold, HALF_OPEN
 * after the wait, where a few probe calls decide between CLOSED and OPEN again. Resilience4j runs the state machine;
 * this class adds what AutoBiz needs around it: the kernel's refusal ({@code DEPENDENCY_UNAVAILABLE}, retryable),
 * state shared by all nodes, an audited reset, a log line and a metric for every transition.
 *
 * <p>Sharing: every transition is published to the {@link BreakerStates}; before each call a node adopts a newer
 * OPEN or CLOSED published by another node, so one node's outage detection protects all of them and an operator's
 * reset reaches all of them. When the store fails, the node keeps deciding on its local state and says so in the log.
 */
@KernelApi
public final class CircuitBreakers {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);

    /** The dependencies named in docs/architecture.md, "The kernel pipeline"; others get a breaker on first use. */
    public static final List<String> DEPENDENCIES =
            List.of("stripe", "shopify", "printful", "sendgrid", "slack", "llm");

    /** A breaker's state; the gauge reports its ordinal (0 closed, 1 open, 2 half open). */
    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    /**
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param minimumCalls calls needed in the window before the rate counts
     * @param windowSize the last N calls the rate is computed over
     * @param waitInOpen how long an open breaker refuses before it lets probes through
     * @param probesInHalfOpen how many probe calls decide in HALF_OPEN
     */
    public record Settings(
            float failureRateThreshold, int minimumCalls, int windowSize, Duration waitInOpen, int probesInHalfOpen) {

        public static Settings defaults() {
            return new Settings(50f, 5, 10, Duration.ofSeconds(30), 2);
        }
    }

    /** What the kernel reports back after a call admitted by its breaker. */
    public interface Permit {
        void succeeded(Duration took);

        void failed(Duration took, Throwable cause);
    }

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastLocalChange = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig config;
    private final BreakerStates shared;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String node;
    private final ThreadLocal<Boolean> adopting = ThreadLocal.withInitial(() -> false);
    private final boolean enabled;
    private volatile boolean sharedUnavailable;

    public CircuitBreakers(Settings settings, BreakerStates shared, MeterRegistry meters, Clock clock, String node) {
        this(settings, shared, meters, clock, node, true);
    }

    private CircuitBreakers(
            Settings settings, BreakerStates shared, MeterRegistry meters, Clock clock, String node, boolean enabled) {
        this.enabled = enabled;
        this.config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowSize())
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.probesInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
        this.shared = Objects.requireNonNull(shared);
        this.meters = meters;
        this.clock = clock;
        this.node = node;
        if (enabled) {
            DEPENDENCIES.forEach(this::breaker);
        }
    }

    /** Breakers that never refuse anything: for kernels built without step 7 (tests of other steps). */
    public static CircuitBreakers disabled(MeterRegistry meters) {
        return new CircuitBreakers(
                Settings.defaults(), BreakerStates.local(), meters, Clock.systemUTC(), "local", false);
    }

    private static final Permit NO_BREAKER = new Permit() {
        @Override
        public void succeeded(Duration took) {}

        @Override
        public void failed(Duration took, Throwable cause) {}
    };

    /**
     * Step 7: admits a call to the dependency, or refuses it with {@code DEPENDENCY_UNAVAILABLE} (retryable) while the
     * breaker is open or its half-open probes are taken.
     */
    public Permit admit(String dependency) {
        if (!enabled || dependency == null || "none".equals(dependency)) {
            return NO_BREAKER;
        }
        CircuitBreaker breaker = breaker(dependency);
        adoptShared(dependency, breaker);
        if (!breaker.tryAcquirePermission()) {
            throw KernelError.of(
                    ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "the circuit breaker of " + dependency + " is " + breaker.getState()
                            + "; the call was not made and may be retried later",
                    Map.of("dependency", dependency, "state", breaker.getState().name()));
        }
        return new Permit() {
            @Override
            public void succeeded(Duration took) {
                breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public void failed(Duration took, Throwable cause) {
                breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, cause);
            }
        };
    }

    public State stateOf(String dependency) {
        CircuitBreaker breaker = breaker(dependency);
        adoptShared(dependency, breaker);
        return map(breaker.getState());
    }

    /** Every breaker's state, by dependency. */
    public Map<String, State> states() {
        Map<String, State> states = new TreeMap<>();
        for (String dependency : List.copyOf(breakers.keySet())) {
            states.put(dependency, stateOf(dependency));
        }
        return states;
    }

    /** An operator closes a breaker by hand, on every node; the reset and who did it are logged. */
    public void reset(String dependency, String operator) {
        CircuitBreaker breaker = breaker(dependency);
        log.warn("circuit breaker {} reset to CLOSED by {} (was {})", dependency, operator, breaker.getState());
        breaker.reset();
        publish(dependency, State.CLOSED);
        meters.counter("circuit_breaker_reset_total", "dependency", dependency).increment();
    }

    /** Whether the last exchange with the shared store failed, so this node decides alone. */
    public boolean runningOnLocalState() {
        return sharedUnavailable;
    }

    private CircuitBreaker breaker(String dependency) {
        return breakers.computeIfAbsent(dependency, name -> {
            CircuitBreaker breaker = CircuitBreaker.of(name, config);
            breaker.getEventPublisher().onStateTransition(this::onTransition);
            Gauge.builder(
                            "circuit_breaker_state",
                            breaker,
                            b -> map(b.getState()).ordinal())
                    .description("0 closed, 1 open, 2 half open")
                    .tag("dependency", name)
                    .register(meters);
            return breaker;
        });
    }

    private void onTransition(CircuitBreakerOnStateTransitionEvent event) {
        String dependency = event.getCircuitBreakerName();
        State from = map(event.getStateTransition().getFromState());
        State to = map(event.getStateTransition().getToState());
        meters.counter(
                        "circuit_breaker_transition_total",
                        "dependency",
                        dependency,
                        "from",
                        from.name(),
                        "to",
                        to.name())
                .increment();
        log.warn(
                "circuit breaker {}: {} -> {}{}",
                dependency,
                from,
                to,
                adopting.get() ? " (adopted from another node)" : "");
        lastLocalChange.put(dependency, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!adopting.get() && to != State.HALF_OPEN) {
            publish(dependency, to);
        }
    }

    private void publish(String dependency, State state) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        lastLocalChange.put(dependency, now);
        try {
            shared.write(dependency, new BreakerStates.SharedState(state, now, node));
            recovered();
        } catch (RuntimeException e) {
            fallback(e);
        }
    }

    /** Takes over a newer OPEN or CLOSED that another node published. */
    private void adoptShared(String dependency, CircuitBreaker breaker) {
        Optional<BreakerStates.SharedState> published;
        try {
            published = shared.read(dependency);
            recovered();
        } catch (RuntimeException e) {
            fallback(e);
            return;
        }
        if (published.isEmpty() || node.equals(published.get().node())) {
            return;
        }
        BreakerStates.SharedState other = published.get();
        Instant mine = lastLocalChange.getOrDefault(dependency, Instant.EPOCH);
        // Shared times have millisecond precision: an equal time from another node is newer news, not older.
        if (other.since().isBefore(mine)) {
            return;
        }
        State local = map(breaker.getState());
        adopting.set(true);
        try {
            if (other.state() == State.OPEN && local == State.CLOSED) {
                breaker.transitionToOpenState();
            } else if (other.state() == State.CLOSED && local != State.CLOSED) {
                breaker.reset();
            }
            lastLocalChange.put(dependency, other.since());
        } finally {
            adopting.set(false);
        }
    }

    private void fallback(RuntimeException e) {
        if (!sharedUnavailable) {
            log.warn("circuit breaker state store unreachable, deciding on local state: {}", e.toString());
        }
        sharedUnavailable = true;
    }

    private void recovered() {
        if (sharedUnavailable) {
            log.info("circuit breaker state store reachable again");
        }
        sharedUnavailable = false;
    }

    private static State map(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> State.OPEN;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.CLOSED;
        };
    }
}
