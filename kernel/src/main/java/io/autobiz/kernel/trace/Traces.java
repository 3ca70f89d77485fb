package io.autobiz.kernel.trace;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.util.List;

/** Where transcripts are kept. */
@KernelApi
public interface Traces {

    /** Records an event in the caller's transaction: it is kept only if the step it describes commits. */
    void append(TraceEvent event);

    /**
     * Records an event in a transaction of its own, committed before this returns: for refusals and failures, which
     * roll the step back but must still be explained afterwards.
     */
    void appendDetached(TraceEvent event);

    /** A run's transcript in the order it was written. */
    List<StoredTraceEvent> transcript(TenantId tenant, String runId);

    /** What a run cost so far, in micro-dollars: the sum over its transcript. */
    default long runCostMicros(TenantId tenant, String runId) {
        return transcript(tenant, runId).stream()
                .mapToLong(event -> event.evidence().costMicros())
                .sum();
    }

    /** The traces in the database, under the store's row-level security. */
    static Traces onDatabase(TenantJdbc jdbc) {
        return new JdbcTraces(jdbc);
    }
}
