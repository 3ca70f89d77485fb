package io.autobiz.operations.resilience;

import io.autobiz.kernel.resilience.BreakerStates;
import io.autobiz.kernel.resilience.CircuitBreakers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Breaker states in Redis, one key per dependency: {@code STATE|epoch millis|node}. Short timeouts, and after a failure
 * the store is not tried again for a few seconds, so an unreachable Redis neither slows calls nor floods the log; the
 * kernel then decides on local state.
 */
final class RedisBreakerStates implements BreakerStates, AutoCloseable {

    private static final Duration BACK_OFF = Duration.ofSeconds(5);

    private final JedisPooled redis;
    private final String prefix;
    private final Clock clock;
    private volatile Instant unavailableUntil = Instant.EPOCH;

    RedisBreakerStates(URI uri, String prefix, Clock clock) {
        int db = uri.getPath() == null || uri.getPath().length() <= 1
                ? 0
                : Integer.parseInt(uri.getPath().substring(1));
        this.redis = new JedisPooled(
                new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(250)
                        .socketTimeoutMillis(250)
                        .database(db)
                        .build());
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public Optional<SharedState> read(String dependency) {
        String value = guarded(() -> redis.get(prefix + dependency));
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SharedState(
                    CircuitBreakers.State.valueOf(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String dependency, SharedState state) {
        guarded(() -> redis.set(
                prefix + dependency, state.state().name() + "|" + state.since().toEpochMilli() + "|" + state.node()));
    }

    private <T> T guarded(java.util.function.Supplier<T> call) {
        if (clock.instant().isBefore(unavailableUntil)) {
            throw new IllegalStateException("Redis unreachable; retried after " + unavailableUntil);
        }
        try {
            return call.get();
        } catch (RuntimeException e) {
            unavailableUntil = clock.instant().plus(BACK_OFF);
            throw e;
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
