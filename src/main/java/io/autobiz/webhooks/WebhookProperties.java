package io.autobiz.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxBodyBytes larger deliveries are refused with 413 before they are read in full
 * @param tolerance how far a signed timestamp (Stripe, SendGrid, Slack) may be from now, in either direction
 * @param holdTimeout how long an out-of-order event is held for the gap to fill (P1-TASK-25: 60 s)
 * @param processor the background processor that hands stored events to their workflows
 */
@ConfigurationProperties("autobiz.webhooks")
public record WebhookProperties(
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("PT5M") Duration tolerance,
        @DefaultValue("PT60S") Duration holdTimeout,
        @DefaultValue Processor processor) {

    /**
     * @param enabled whether this node runs the processor (several nodes may)
     * @param pollInterval how often it looks for due events
     * @param maxAttempts failed deliveries before an event is FAILED and waits for an operator
     */
    public record Processor(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("PT0.5S") Duration pollInterval,
            @DefaultValue("5") int maxAttempts) {}
}
