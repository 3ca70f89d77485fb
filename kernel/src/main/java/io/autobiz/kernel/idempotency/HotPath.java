package io.autobiz.kernel.idempotency;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * A cache of completed results in front of the durable records. It only ever holds what the database has committed
 * (it is filled when a duplicate finds a completed record), so losing it costs a database read, never a second effect.
 */
@KernelApi
public interface HotPath {

    /** A completed result: the arguments it was produced for and the output, as canonical JSON. */
    record Completed(String argumentsSha256, String result) {}

    /** The completed result of a key, if cached; throws when the cache is unreachable. */
    Optional<Completed> get(TenantId tenant, String internalKey);

    /** Caches a committed result for at most {@code ttl}; throws when the cache is unreachable. */
    void put(TenantId tenant, String internalKey, Completed completed, Duration ttl);

    /** No cache: every lookup goes to the database (the quick start, or Redis not configured). */
    HotPath NONE = new HotPath() {
        @Override
        public Optional<Completed> get(TenantId tenant, String internalKey) {
            return Optional.empty();
        }

        @Override
        public void put(TenantId tenant, String internalKey, Completed completed, Duration ttl) {}
    };

    /** Completed results cached in Redis under {@code prefix}; a Redis failure falls back to the database. */
    static HotPath redis(JedisPooled client, String prefix) {
        return new RedisHotPath(client, prefix);
    }
}
