package io.autobiz.operations.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gauge with one series per tag set, refreshed as a whole, whose series stay registered while they are still
 * reported. {@link MultiGauge#register(Iterable, boolean)} with {@code overwrite} removes every row and adds it back,
 * so a scrape that lands in between sees no series at all — and an alert's {@code for:} timer starts again. Here each
 * series keeps one value holder that a refresh only sets; series no longer reported are removed.
 */
final class SteadyGauge {

    private final MultiGauge gauge;
    private final Map<Tags, AtomicLong> values = new HashMap<>();

    private SteadyGauge(MultiGauge gauge) {
        this.gauge = gauge;
    }

    static SteadyGauge register(String name, String description, MeterRegistry meters) {
        return new SteadyGauge(MultiGauge.builder(name).description(description).register(meters));
    }

    synchronized void update(Map<Tags, ? extends Number> current) {
        current.forEach((tags, value) ->
                values.computeIfAbsent(tags, key -> new AtomicLong()).set(value.longValue()));
        values.keySet().retainAll(current.keySet());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((tags, value) -> rows.add(MultiGauge.Row.of(tags, value, AtomicLong::doubleValue)));
        // Without overwrite a series already registered keeps its holder (the same object), rows gone are removed.
        gauge.register(rows, false);
    }
}
