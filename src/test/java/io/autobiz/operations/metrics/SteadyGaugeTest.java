package io.autobiz.operations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class SteadyGaugeTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SteadyGauge gauge = SteadyGauge.register("event_inbox_depth", "test", meters);

    private Gauge series(String tenant) {
        return meters.find("event_inbox_depth").tags("tenant", tenant).gauge();
    }

    @Test
    @DisplayName("P1-TASK-27 a refresh sets a series' value in place: the series is never removed and added back")
    void refreshKeepsTheSeries() {
        gauge.update(Map.of(Tags.of("tenant", "store-a"), 3L));
        Gauge before = series("store-a");

        gauge.update(Map.of(Tags.of("tenant", "store-a"), 5L));

        // MultiGauge.register(rows, true) replaced the meter on every refresh; a scrape in between saw no series.
        assertThat(series("store-a")).isSameAs(before);
        assertThat(before.value()).isEqualTo(5.0);
    }

    @Test
    @DisplayName("P1-TASK-27 a series no longer reported is removed, and comes back when reported again")
    void seriesComeAndGo() {
        gauge.update(Map.of(Tags.of("tenant", "store-a"), 1L, Tags.of("tenant", "store-b"), 2L));

        gauge.update(Map.of(Tags.of("tenant", "store-b"), 4L));
        assertThat(series("store-a")).isNull();
        assertThat(series("store-b").value()).isEqualTo(4.0);

        gauge.update(Map.of(Tags.of("tenant", "store-a"), 7L));
        assertThat(series("store-a").value()).isEqualTo(7.0);
        assertThat(series("store-b")).isNull();
    }
}
