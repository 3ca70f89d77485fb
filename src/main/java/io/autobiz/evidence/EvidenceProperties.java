package io.autobiz.evidence;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code autobiz.evidence.*}: docs/operations.md lists every setting with its default.
 *
 * @param idempotencyWindow how long a completed WRITE/FINANCIAL call's result is returned instead of executing again
 * @param leaseMargin added to a tool's timeout: an in-flight claim older than both may be taken over by a retry
 * @param redis the idempotency hot path; off when no URL is set (the quick start)
 * @param redaction fields added to the kernel's default allowlist and sensitive list
 * @param cost prices; the kernel's defaults apply to models and providers not listed
 * @param retention tiered trace retention
 */
@ConfigurationProperties("autobiz.evidence")
public record EvidenceProperties(
        @DefaultValue("PT24H") Duration idempotencyWindow,
        @DefaultValue("PT60S") Duration leaseMargin,
        @DefaultValue Redis redis,
        @DefaultValue Redaction redaction,
        @DefaultValue Cost cost,
        @DefaultValue Retention retention) {

    /**
     * @param url e.g. {@code redis://127.0.0.1:6379}; empty turns the hot path off
     * @param keyPrefix prepended to every key (an environment's namespace)
     * @param timeout connect and read timeout: how long a dead Redis can delay a call before the database answers
     */
    public record Redis(
            URI url,
            @DefaultValue("autobiz:") String keyPrefix,
            @DefaultValue("PT0.2S") Duration timeout) {}

    /** @param allowed fields kept in transcripts as they are; @param sensitive fields masked wherever they appear */
    public record Redaction(Set<String> allowed, Set<String> sensitive) {
        public Redaction {
            allowed = allowed == null ? Set.of() : Set.copyOf(allowed);
            sensitive = sensitive == null ? Set.of() : Set.copyOf(sensitive);
        }
    }

    /**
     * @param models pinned model name to price per million tokens, in micro-dollars
     * @param providerCalls provider to price per call, in micro-dollars
     */
    public record Cost(Map<String, ModelPrice> models, Map<String, Long> providerCalls) {
        public Cost {
            models = models == null ? Map.of() : Map.copyOf(models);
            providerCalls = providerCalls == null ? Map.of() : Map.copyOf(providerCalls);
        }
    }

    public record ModelPrice(long promptPerMillion, long completionPerMillion) {}

    /**
     * @param enabled whether the scheduled job runs
     * @param hot how long transcript lines stay rows in {@code traces}
     * @param warm how long compressed archive rows stay in {@code trace_archives} before export
     * @param exportDir where cold export files are written, one folder per store
     * @param interval how often the job runs
     */
    public record Retention(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("P30D") Duration hot,
            @DefaultValue("P365D") Duration warm,
            @DefaultValue("./data/trace-export") Path exportDir,
            @DefaultValue("PT1H") Duration interval) {}
}
