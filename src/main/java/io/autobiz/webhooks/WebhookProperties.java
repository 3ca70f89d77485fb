package io.autobiz.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxBodyBytes larger deliveries are refused with 413 before they are read in full
 * @param tolerance how far a signed timestamp (Stripe, SendGrid, Slack) may be from now, in either direction
 * @param holdTimeout how long an out-of-order event is held for the gap to fill (P1-TASK-25: 60 s)
 * @param processor the background processor that hands stored events to their workflows
 * @param refusals how many refused deliveries one source address may make to one store's endpoint before it is
 *     answered 429 without being looked at
 */
@ConfigurationProperties("autobiz.webhooks")
public record WebhookProperties(
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("PT5M") Duration tolerance,
        @DefaultValue("PT60S") Duration holdTimeout,
        @DefaultValue Processor processor,
        @DefaultValue Refusals refusals) {

    /**
     * @param enabled whether this node runs the processor (several nodes may)
     * @param pollInterval how often it looks for due events
     * @param maxAttempts failed deliveries before an event is FAILED and waits for an operator
     */
    public record Processor(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("PT0.5S") Duration pollInterval,
            @DefaultValue("5") int maxAttempts) {}

    /**
     * Only refused deliveries count: a provider's signed deliveries never spend the limit, however many arrive at once
     * (Shopify retries, bursts of orders), so the limit can be small. A source that spent it is answered 429 with
     * {@code Retry-After} until the period has passed, before its body is read or any secret looked up.
     *
     * @param limit refused deliveries per store, provider and source address in one period
     * @param period how long until a source may be refused {@code limit} times again
     * @param trackedSources how many (store, provider, address) counters are kept at most; the least recently used go
     *     first, so many addresses cannot exhaust memory
     */
    public record Refusals(
            @DefaultValue("60") int limit,
            @DefaultValue("PT1M") Duration period,
            @DefaultValue("10000") int trackedSources) {}
}
