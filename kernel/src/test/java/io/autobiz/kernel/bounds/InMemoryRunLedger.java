package io.autobiz.kernel.bounds;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The run ledger in memory, with the database one's semantics: for unit tests and benchmarks. */
public final class InMemoryRunLedger implements RunLedger {

    private final Map<RunKey, RunEntry> runs = new HashMap<>();

    private record RunKey(TenantId tenant, String runId) {}

    private final Map<String, Long> days = new HashMap<>();

    @Override
    public synchronized <T> T apply(RunContext run, Instant now, Optional<LocalDate> moneyDay, Change<T> change) {
        RunEntry entry = runs.computeIfAbsent(new RunKey(run.tenant(), run.runId()), key -> new RunEntry(now));
        String day = moneyDay.map(d -> run.tenant() + "/" + d).orElse(null);
        if (day != null) {
            entry.moneyToday = days.getOrDefault(day, 0L);
        }
        T result = change.apply(entry);
        if (day != null) {
            days.put(day, entry.moneyToday);
        }
        return result;
    }

    @Override
    public synchronized Optional<RunEntry> find(RunContext run) {
        return Optional.ofNullable(runs.get(new RunKey(run.tenant(), run.runId())));
    }
}
