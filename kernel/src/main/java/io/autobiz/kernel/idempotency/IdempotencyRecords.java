package io.autobiz.kernel.idempotency;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
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

    /**
     * Drops the in-flight claim that holds the lease ending at {@code leaseUntil}, in its own transaction; a record
     * completed since, or taken over by another caller (a new lease), is left alone.
     */
    void release(TenantId tenant, String internalKey, Instant leaseUntil);

    /**
     * Completes the in-flight claim that holds the lease ending at {@code leaseUntil} in a transaction of its own,
     * committed before this returns: for a call whose step rolled back after it was made. False when the claim is no
     * longer that one.
     */
    boolean completeAlone(TenantId tenant, String internalKey, Instant leaseUntil, String result, Instant now);

    /** Records in the database, under the store's row-level security: the source of truth for every node. */
    static IdempotencyRecords onDatabase(TenantJdbc jdbc) {
        return new JdbcIdempotencyRecords(jdbc);
    }
}
