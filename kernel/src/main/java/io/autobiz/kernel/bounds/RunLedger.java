package io.autobiz.kernel.bounds;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Where runs' consumption is kept. A change is applied atomically and committed on its own, before the call it
 * accounts for goes on: a call that crashes half-way has still been counted ("charge before you spend").
 */
@KernelApi
public interface RunLedger {

    /** One atomic change to a run's entry. */
    @FunctionalInterface
    interface Change<T> {
        T apply(RunEntry entry);
    }

    /**
     * Locks the run's entry (creating it, started now, on the run's first call) and, when {@code moneyDay} is given,
     * the store's money total for that day; applies {@code change}; writes both back; commits.
     */
    <T> T apply(RunContext run, Instant now, Optional<LocalDate> moneyDay, Change<T> change);

    /** The entry as stored, for operators and tests. */
    Optional<RunEntry> find(RunContext run);

    /** The ledger in the database, shared by every node, under the store's row-level security. */
    static RunLedger onDatabase(TenantJdbc jdbc) {
        return new JdbcRunLedger(jdbc);
    }
}
