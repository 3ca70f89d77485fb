package io.autobiz.reconciliation.core;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** {@code reconciliation_drift_total}: every outcome of a drift, by entity kind and whether it is financial. */
final class DriftCounts {

    private final MeterRegistry meters;

    DriftCounts(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(Drift drift, String outcome) {
        meters.counter(
                        "reconciliation_drift_total",
                        "kind",
                        drift.kind().name().toLowerCase(Locale.ROOT),
                        "financial",
                        String.valueOf(drift.financial()),
                        "outcome",
                        outcome)
                .increment();
    }
}
