package io.autobiz.perf;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one measured phase, recorded from any number of threads into an HdrHistogram (microsecond resolution,
 * up to a minute, three significant digits), with the wall-clock span between {@link #start()} and {@link #stop()}.
 */
public final class Latencies {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private Histogram histogram;
    private long startedNanos;
    private long elapsedNanos;

    public void start() {
        startedNanos = System.nanoTime();
    }

    /** One operation's latency; values above a minute count as a minute. */
    public void record(long nanos) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    public Latencies stop() {
        elapsedNanos = System.nanoTime() - startedNanos;
        histogram = recorder.getIntervalHistogram();
        return this;
    }

    public long count() {
        return histogram().getTotalCount();
    }

    /** Operations per second over the wall-clock span. */
    public double ratePerSecond() {
        return elapsedNanos == 0 ? 0 : count() / (elapsedNanos / 1e9);
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public double percentileMillis(double percentile) {
        return histogram().getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return histogram().getMaxValue() / 1000.0;
    }

    /** "1234 /s, p50 1.20 ms, p99 9.80 ms, max 20.00 ms (n=5000, 4.05 s)". */
    public String summary(String unit) {
        return String.format(
                "%,.0f %s/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d, %.2f s)",
                ratePerSecond(), unit, percentileMillis(50), percentileMillis(99), maxMillis(), count(), seconds());
    }

    private Histogram histogram() {
        if (histogram == null) {
            throw new IllegalStateException("stop() the measurement before reading it");
        }
        return histogram;
    }
}
