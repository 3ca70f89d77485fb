package io.autobiz.sandbox;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Faults the sandbox providers inject into their own answers, for soak runs and resilience tests; all rates 0 (off) by
 * default. Each request to a provider endpoint ({@code /sandbox/stripe/**}, {@code /sandbox/shopify/**}, {@code
 * /sandbox/printful/**}, {@code /sandbox/sendgrid/**}, {@code /sandbox/slack/**}, {@code /sandbox/llm/**}; never {@code
 * /sandbox} itself nor {@code /sandbox/faults}) draws one number from a generator seeded with {@code seed} and gets at
 * most one fault: a 5xx before the provider runs it, a 429 with {@code Retry-After} before it runs it, or a timeout
 * (the provider runs it, then answers {@code timeoutDelay} later, after the calling tool has given up: the ambiguous
 * case a real provider produces). Printful's own webhooks (shipment sent) are dropped at {@code lostWebhookRate}, so
 * that only reconciliation can find the shipment.
 *
 * @param serverErrorRate share of provider requests answered 503 without running them
 * @param timeoutRate share of provider requests run, then answered after {@code timeoutDelay}
 * @param tooManyRequestsRate share of provider requests answered 429 with {@code Retry-After} without running them
 * @param lostWebhookRate share of the sandbox Printful's shipment webhooks never sent
 * @param seed the generator's seed (per node: two nodes with the same seed draw the same sequence each)
 * @param timeoutDelay how late a timed-out answer comes: longer than the longest tool timeout (45 s)
 * @param retryAfter the {@code Retry-After} of an injected 429
 * @param providers the providers faults apply to (empty: all)
 * @param limit the most faults this node injects in all (negative: no limit), for tests that want exactly n
 */
@ConfigurationProperties("autobiz.sandbox.faults")
public record SandboxFaultProperties(
        @DefaultValue("0") double serverErrorRate,
        @DefaultValue("0") double timeoutRate,
        @DefaultValue("0") double tooManyRequestsRate,
        @DefaultValue("0") double lostWebhookRate,
        @DefaultValue("1") long seed,
        @DefaultValue("PT50S") Duration timeoutDelay,
        @DefaultValue("PT1S") Duration retryAfter,
        @DefaultValue Set<String> providers,
        @DefaultValue("-1") long limit) {

    public SandboxFaultProperties {
        for (double rate : new double[] {serverErrorRate, timeoutRate, tooManyRequestsRate, lostWebhookRate}) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("autobiz.sandbox.faults rates are between 0 and 1, not " + rate);
            }
        }
        if (serverErrorRate + timeoutRate + tooManyRequestsRate > 1) {
            throw new IllegalArgumentException("autobiz.sandbox.faults: the request fault rates add up to more than 1");
        }
        providers = providers == null ? Set.of() : Set.copyOf(providers);
    }

    /** No faults: the sandboxes as they always answered. */
    public static SandboxFaultProperties none() {
        return new SandboxFaultProperties(0, 0, 0, 0, 1, Duration.ofSeconds(50), Duration.ofSeconds(1), Set.of(), -1);
    }

    /** Whether any fault is configured. */
    public boolean any() {
        return serverErrorRate + timeoutRate + tooManyRequestsRate + lostWebhookRate > 0;
    }
}
