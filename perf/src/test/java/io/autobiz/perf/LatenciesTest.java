package io.autobiz.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.autobiz.testing.stage.Unit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class LatenciesTest {

    @Test
    @DisplayName("percentiles of 1..100 ms are the recorded values, within HdrHistogram's three significant digits")
    void percentiles() {
        Latencies latencies = new Latencies();
        latencies.start();
        for (int ms = 100; ms >= 1; ms--) {
            latencies.record(TimeUnit.MILLISECONDS.toNanos(ms));
        }
        latencies.stop();

        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.percentileMillis(50)).isCloseTo(50.0, within(0.05));
        assertThat(latencies.percentileMillis(99)).isCloseTo(99.0, within(0.1));
        assertThat(latencies.maxMillis()).isCloseTo(100.0, within(0.1));
    }

    @Test
    @DisplayName("one slow outlier among fast operations moves p99 only when it is more than 1% of them")
    void tail() {
        Latencies few = new Latencies();
        few.start();
        for (int i = 0; i < 999; i++) {
            few.record(TimeUnit.MILLISECONDS.toNanos(1));
        }
        few.record(TimeUnit.SECONDS.toNanos(2));
        few.stop();
        assertThat(few.percentileMillis(99)).isCloseTo(1.0, within(0.01));
        assertThat(few.maxMillis()).isCloseTo(2000.0, within(2.0));

        Latencies many = new Latencies();
        many.start();
        for (int i = 0; i < 970; i++) {
            many.record(TimeUnit.MILLISECONDS.toNanos(1));
        }
        for (int i = 0; i < 30; i++) {
            many.record(TimeUnit.SECONDS.toNanos(2));
        }
        many.stop();
        assertThat(many.percentileMillis(99)).isCloseTo(2000.0, within(2.0));
    }

    @Test
    @DisplayName("values beyond a minute count as a minute, negative ones as zero; reading before stop() is refused")
    void bounds() {
        Latencies latencies = new Latencies();
        assertThatThrownBy(latencies::count).isInstanceOf(IllegalStateException.class);
        latencies.start();
        latencies.record(TimeUnit.MINUTES.toNanos(5));
        latencies.record(-1);
        latencies.stop();
        assertThat(latencies.count()).isEqualTo(2);
        assertThat(latencies.maxMillis()).isCloseTo(60_000.0, within(60.0));
        assertThat(latencies.percentileMillis(50)).isZero();
        assertThat(latencies.ratePerSecond()).isPositive();
    }
}
