package io.autobiz.golden;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * A golden run's child JVM only ({@code autobiz.golden.child=true}, set by {@link GoldenRunCommand}): the application
 * runs on a clock the runner moves, as in the golden ITs. Never in a serving node.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "autobiz.golden.child", havingValue = "true")
class GoldenChildConfiguration {

    @Bean
    @Primary
    MovingClock goldenClock() {
        return new MovingClock(Instant.now());
    }

    /** A UTC clock that only the runner moves forward. */
    static final class MovingClock extends Clock implements GoldenRunner.MovableClock {

        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        @Override
        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
