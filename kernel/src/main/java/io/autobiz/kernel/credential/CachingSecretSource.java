package io.autobiz.kernel.credential;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps what another source answered for a short time, so a busy store does not decrypt (or call its vault) on every
 * tool call. Keyed by store and name, so one store's entry can never answer for another's. A rotation on this node
 * {@linkplain #invalidate invalidates} its entry at once; other nodes see the new value within the time to live.
 * Hits and misses are counted in {@code credential_cache_total{result}}. Refusals are not cached.
 */
@KernelApi
public final class CachingSecretSource implements SecretSource {

    private record Key(TenantId tenant, String name) {}

    private record Entry(Optional<String> value, Instant expires) {}

    private final SecretSource delegate;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter misses;

    public CachingSecretSource(SecretSource delegate, Duration timeToLive, Clock clock, MeterRegistry meters) {
        this.delegate = Objects.requireNonNull(delegate);
        this.timeToLive = Objects.requireNonNull(timeToLive);
        this.clock = Objects.requireNonNull(clock);
        if (timeToLive.isNegative()) {
            throw new IllegalArgumentException("the credential cache's time to live cannot be negative");
        }
        this.hits = meters.counter("credential_cache_total", "result", "hit");
        this.misses = meters.counter("credential_cache_total", "result", "miss");
    }

    @Override
    public Optional<String> find(TenantId tenant, String name) {
        Key key = new Key(tenant, name);
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && now.isBefore(entry.expires())) {
            hits.increment();
            return entry.value();
        }
        misses.increment();
        Optional<String> value = delegate.find(tenant, name);
        if (!timeToLive.isZero()) {
            entries.put(key, new Entry(value, now.plus(timeToLive)));
        }
        return value;
    }

    public void invalidate(TenantId tenant, String name) {
        entries.remove(new Key(tenant, name));
    }

    public void invalidateAll() {
        entries.clear();
    }
}
