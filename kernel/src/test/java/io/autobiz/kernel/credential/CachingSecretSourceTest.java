package io.autobiz.kernel.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.Unit;
import io.autobiz.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class CachingSecretSourceTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    private final Map<String, String> values = new ConcurrentHashMap<>(
            Map.of("acme/stripe.api_key", "sk_test_fake_acme_1", "globex/stripe.api_key", "sk_test_fake_globex_1"));
    private final AtomicInteger lookups = new AtomicInteger();
    private final SecretSource backing = (tenant, name) -> {
        lookups.incrementAndGet();
        return Optional.ofNullable(values.get(tenant + "/" + name));
    };
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CachingSecretSource cache = new CachingSecretSource(backing, Duration.ofSeconds(60), clock, meters);

    @Test
    @DisplayName("P1-T32 secrets are cached briefly, per store: a hit never answers for another store")
    void cachesPerStoreForTheTimeToLive() {
        assertThat(cache.find(ACME, "stripe.api_key")).contains("sk_test_fake_acme_1");
        assertThat(cache.find(ACME, "stripe.api_key")).contains("sk_test_fake_acme_1");
        assertThat(cache.find(GLOBEX, "stripe.api_key")).contains("sk_test_fake_globex_1");
        assertThat(lookups).hasValue(2);

        values.put("acme/stripe.api_key", "sk_test_fake_acme_2");
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.find(ACME, "stripe.api_key")).as("within the TTL").contains("sk_test_fake_acme_1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.find(ACME, "stripe.api_key")).as("after the TTL").contains("sk_test_fake_acme_2");

        assertThat(meters.counter("credential_cache_total", "result", "hit").count())
                .isEqualTo(2.0);
        assertThat(meters.counter("credential_cache_total", "result", "miss").count())
                .isEqualTo(3.0);
    }

    @Test
    @DisplayName("P1-T32 a rotation on this node invalidates the cached value at once")
    void invalidationTakesEffectImmediately() {
        cache.find(ACME, "stripe.api_key");
        values.put("acme/stripe.api_key", "sk_test_fake_acme_rotated");

        cache.invalidate(ACME, "stripe.api_key");

        assertThat(cache.find(ACME, "stripe.api_key")).contains("sk_test_fake_acme_rotated");
    }
}
