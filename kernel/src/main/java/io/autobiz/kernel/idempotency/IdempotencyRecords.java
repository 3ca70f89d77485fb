package io.autobiz.kernel.idempotency;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/** The durable side of idempotency (PostgreSQL, or H2 in the quick start). The source of truth; Redis only caches. */
@KernelApi
public interface IdempotencyRecords {

    /**
     * Inserts an in-flight record in a transaction of its own, committed before this returns (docs/architecture.md,
     * "Transactions": a recovery point before the provider call). False when a record for the key already exists.
     */
    boolean insertInFlight(
            TenantId tenant, String tool, IdempotencyKey key, String executionId, Instant now, Instant leaseUntil);

    /**
     * Takes over a record that is abandoned or out of its window, in a transaction of its own: succeeds only if the
     * record is still exactly as {@code seen}, so of several takers one wins.
     */
    boolean takeOver(
            TenantId tenant,
            IdempotencyRecord seen,
            IdempotencyKey key,
            String executionId,
            Instant now,
            Instant leaseUntil);

    /** The record of a key, read outside the caller's transaction (what other nodes see). */
    Optional<IdempotencyRecord> find(TenantId tenant, String internalKey);

    /** Stores the result in the caller's transaction: it is kept only if the step commits. */
    void complete(TenantId tenant, String internalKey, String result, Instant now);

    /** Drops an in-flight claim whose call failed before any effect could be assumed, in its own transaction. */
    void release(TenantId tenant, String internalKey);
}
