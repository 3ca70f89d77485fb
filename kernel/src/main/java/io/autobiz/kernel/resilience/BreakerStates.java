package io.autobiz.kernel.resilience;

import io.autobiz.kernel.KernelApi;
import java.time.Instant;
import java.util.Optional;

/** Where the nodes share their breakers' states. Implementations may fail; the breakers then run on local state. */
@KernelApi
public interface BreakerStates {

    /** A breaker's state as last published by some node. */
    record SharedState(CircuitBreakers.State state, Instant since, String node) {}

    Optional<SharedState> read(String dependency);

    void write(String dependency, SharedState state);

    /** No sharing: each node decides alone (the quick start, and the fallback). */
    static BreakerStates local() {
        return new BreakerStates() {
            @Override
            public Optional<SharedState> read(String dependency) {
                return Optional.empty();
            }

            @Override
            public void write(String dependency, SharedState state) {}
        };
    }
}
