package io.autobiz.operations.resilience;

import io.autobiz.kernel.resilience.BreakerStates;
import io.autobiz.kernel.resilience.CircuitBreakers;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

    @Bean(destroyMethod = "")
    BreakerStates breakerStateStore(CircuitBreakerProperties properties, Clock clock) {
        if (properties.redisUrl().isBlank()) {
            return BreakerStates.local();
        }
        return new RedisBreakerStates(URI.create(properties.redisUrl()), properties.keyPrefix(), clock);
    }

    @Bean
    CircuitBreakers circuitBreakers(
            CircuitBreakerProperties properties, BreakerStates store, MeterRegistry meters, Clock clock) {
        String node = properties.node().isBlank()
                ? "node-" + UUID.randomUUID().toString().substring(0, 8)
                : properties.node();
        return new CircuitBreakers(
                new CircuitBreakers.Settings(
                        properties.failureRateThreshold(),
                        properties.minimumCalls(),
                        properties.windowSize(),
                        properties.waitInOpen(),
                        properties.probesInHalfOpen()),
                store,
                meters,
                clock,
                node);
    }
}
