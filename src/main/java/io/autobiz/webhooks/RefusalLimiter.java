package io.autobiz.webhooks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autobiz.kernel.tenant.TenantId;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * Counts refused deliveries per store, provider and source address, and tells when a source has spent its
 * {@link WebhookProperties.Refusals#limit() limit}: from then until the period ends it is answered 429 before its body is
 * read or a secret looked up. Only refusals spend the limit, so a provider's burst of signed deliveries (50 at once for
 * one order, retries after an outage) never meets it; a caller who cannot sign meets it after {@code limit} tries. One
 * resilience4j limiter per source, in a Caffeine cache bounded by {@code trackedSources} and emptied of sources idle
 * for two periods.
 */
final class RefusalLimiter {

    /** Who knocks: the store and provider of the endpoint, and the address the request came from. */
    record Source(TenantId store, String provider, String address) {}

    private final RateLimiterConfig config;
    private final Duration period;
    private final Cache<Source, RateLimiter> sources;

    RefusalLimiter(WebhookProperties.Refusals refusals) {
        if (refusals.limit() < 1
                || refusals.period().isNegative()
                || refusals.period().isZero()) {
            throw new IllegalArgumentException("autobiz.webhooks.refusals needs a limit of at least 1 and a period");
        }
        this.period = refusals.period();
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(refusals.limit())
                .limitRefreshPeriod(refusals.period())
                .timeoutDuration(Duration.ZERO)
                .build();
        this.sources = Caffeine.newBuilder()
                .maximumSize(refusals.trackedSources())
                .expireAfterAccess(refusals.period().multipliedBy(2))
                .build();
    }

    /** True when the source has no refusal left in this period; spends nothing. */
    boolean exhausted(Source source) {
        RateLimiter limiter = sources.getIfPresent(source);
        return limiter != null && limiter.getMetrics().getAvailablePermissions() <= 0;
    }

    /** Spends one of the source's refusals. */
    void refused(Source source) {
        sources.get(source, key -> RateLimiter.of(key.toString(), config)).acquirePermission();
    }

    /** How long a limited source should wait, for {@code Retry-After}. */
    Duration retryAfter() {
        return period;
    }
}
