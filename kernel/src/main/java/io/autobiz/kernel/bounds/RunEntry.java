package io.autobiz.kernel.bounds;

import io.autobiz.kernel.KernelApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A run's ledger entry while it is locked for one change; the ledger writes back what the change leaves here. */
@KernelApi
public final class RunEntry {

    /** The most recent calls kept per run; loop windows are at most this long. */
    static final int RECENT_CALLS_KEPT = 200;

    Instant startedAt;
    long steps;
    long toolCalls;
    long tokens;
    long moneyAtRisk;
    List<String> recentCalls = new ArrayList<>();
    String terminatedReason;
    String configSha256;
    /** The store's money at risk today; loaded only when the change asked for it. */
    long moneyToday;

    RunEntry(Instant startedAt) {
        this.startedAt = startedAt;
    }

    RunEntry() {}

    void remember(String fingerprint) {
        recentCalls.add(fingerprint);
        if (recentCalls.size() > RECENT_CALLS_KEPT) {
            recentCalls.subList(0, recentCalls.size() - RECENT_CALLS_KEPT).clear();
        }
    }

    /** Forgets the latest occurrence of {@code fingerprint}, if it is remembered. */
    void forget(String fingerprint) {
        int latest = recentCalls.lastIndexOf(fingerprint);
        if (latest >= 0) {
            recentCalls.remove(latest);
        }
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long steps() {
        return steps;
    }

    public long toolCalls() {
        return toolCalls;
    }

    public long tokens() {
        return tokens;
    }

    public long moneyAtRisk() {
        return moneyAtRisk;
    }

    public List<String> recentCalls() {
        return List.copyOf(recentCalls);
    }

    public String terminatedReason() {
        return terminatedReason;
    }
}
