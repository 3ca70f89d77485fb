package io.autobiz.sandbox;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether the stand-ins are mounted under {@code /sandbox}
 * @param webhookTarget where the stand-ins deliver their signed webhooks (this application)
 * @param printfulInProductionAfter how long a confirmed Printful order waits before production starts
 * @param printfulShippedAfter how long after confirmation it ships, gains a tracking number and sends its webhook
 */
@ConfigurationProperties("autobiz.sandbox")
public record SandboxProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://127.0.0.1:8080") URI webhookTarget,
        @DefaultValue("PT5S") Duration printfulInProductionAfter,
        @DefaultValue("PT15S") Duration printfulShippedAfter) {}
