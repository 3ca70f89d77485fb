package io.autobiz.reconciliation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this node runs reconciliation on a schedule
 * @param interval time between runs (WF07 runs it daily as well)
 * @param principal who the provider reads are made as; the store's BusinessConfig must grant it the read tools
 */
@ConfigurationProperties("autobiz.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("PT1H") Duration interval,
        @DefaultValue("workflow:daily-closeout") String principal) {}
