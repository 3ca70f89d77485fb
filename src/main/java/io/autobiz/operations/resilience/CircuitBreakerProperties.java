package io.autobiz.operations.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param redisUrl {@code redis://host:port[/db]} shared by the nodes; empty for local state only (the quick start)
 * @param keyPrefix prefix of the Redis keys, one per dependency
 * @param node this node's name in the shared state; defaults to a random one
 * @param failureRateThreshold percentage of failed calls that opens a breaker
 * @param minimumCalls calls before the rate counts
 * @param windowSize the last N calls the rate is computed over
 * @param waitInOpen how long an open breaker refuses before probing
 * @param probesInHalfOpen probe calls in HALF_OPEN
 */
@ConfigurationProperties("autobiz.circuit-breakers")
public record CircuitBreakerProperties(
        @DefaultValue("") String redisUrl,
        @DefaultValue("autobiz:breaker:") String keyPrefix,
        @DefaultValue("") String node,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("5") int minimumCalls,
        @DefaultValue("10") int windowSize,
        @DefaultValue("PT30S") Duration waitInOpen,
        @DefaultValue("2") int probesInHalfOpen) {}
