package io.autobiz.kernel.idempotency;

import io.autobiz.kernel.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link IdempotencyRecords} in one JVM's memory, with the same claim semantics as the database (atomic insert and
 * compare-and-set takeover). For unit tests and benchmarks only: it forgets everything on restart and ignores
 * transactions, so {@link #complete} is visible at once.
 */
public final class InMemoryIdempotencyRecords implements IdempotencyRecords {

    private record Key(String tenant, String internalKey) {}

    private final Map<Key, IdempotencyRecord> records = new ConcurrentHashMap<>();

    @Override
    public boolean insertInFlight(
            TenantId tenant, String tool, IdempotencyKey key, String executionId, Instant now, Instant leaseUntil) {
        return records.putIfAbsent(new Key(tenant.value(), key.internal()), inFlight(key, now, leaseUntil)) == null;
    }

    @Override
    public boolean takeOver(
            TenantId tenant,
            IdempotencyRecord seen,
            IdempotencyKey key,
            String executionId,
            Instant now,
            Instant leaseUntil) {
        Key id = new Key(tenant.value(), key.internal());
        IdempotencyRecord current = records.get(id);
        return current != null
                && current.status() == seen.status()
                && Objects.equals(current.leaseUntil(), seen.leaseUntil())
                && records.replace(id, current, inFlight(key, now, leaseUntil));
    }

    @Override
    public Optional<IdempotencyRecord> find(TenantId tenant, String internalKey) {
        return Optional.ofNullable(records.get(new Key(tenant.value(), internalKey)));
    }

    @Override
    public void complete(TenantId tenant, String internalKey, String result, Instant now) {
        records.computeIfPresent(
                new Key(tenant.value(), internalKey),
                (id, r) -> new IdempotencyRecord(
                        r.internalKey(),
                        r.argumentsSha256(),
                        IdempotencyRecord.Status.COMPLETED,
                        result,
                        r.firstSeenAt(),
                        r.leaseUntil(),
                        now));
    }

    @Override
    public void release(TenantId tenant, String internalKey, Instant leaseUntil) {
        records.computeIfPresent(new Key(tenant.value(), internalKey), (id, r) -> holds(r, leaseUntil) ? null : r);
    }

    @Override
    public boolean completeAlone(TenantId tenant, String internalKey, Instant leaseUntil, String result, Instant now) {
        IdempotencyRecord current = records.get(new Key(tenant.value(), internalKey));
        return current != null
                && holds(current, leaseUntil)
                && records.replace(
                        new Key(tenant.value(), internalKey),
                        current,
                        new IdempotencyRecord(
                                current.internalKey(),
                                current.argumentsSha256(),
                                IdempotencyRecord.Status.COMPLETED,
                                result,
                                current.firstSeenAt(),
                                current.leaseUntil(),
                                now));
    }

    private static boolean holds(IdempotencyRecord record, Instant leaseUntil) {
        return record.status() == IdempotencyRecord.Status.IN_FLIGHT
                && record.leaseUntil().equals(leaseUntil);
    }

    private static IdempotencyRecord inFlight(IdempotencyKey key, Instant now, Instant leaseUntil) {
        return new IdempotencyRecord(
                key.internal(), key.argumentsSha256(), IdempotencyRecord.Status.IN_FLIGHT, null, now, leaseUntil, null);
    }
}
