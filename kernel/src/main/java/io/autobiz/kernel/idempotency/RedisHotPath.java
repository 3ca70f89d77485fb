package io.autobiz.kernel.idempotency;

import io.autobiz.kernel.tenant.TenantId;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * {@link HotPath} in Redis: one string per key, {@code <prefix>idem:<tenant>:<internal key>} holding
 * {@code <arguments sha256>:<result>}, expiring with the key's window. Errors propagate: the caller falls back to the
 * database.
 */
public final class RedisHotPath implements HotPath {

    private final JedisPooled redis;
    private final String prefix;

    /**
     * @param redis a pooled client; its timeouts bound how long a dead Redis can delay a call before the fallback
     * @param prefix prepended to every key (an environment or a test's namespace)
     */
    public RedisHotPath(JedisPooled redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix == null ? "" : prefix;
    }

    @Override
    public Optional<Completed> get(TenantId tenant, String internalKey) {
        String value = redis.get(key(tenant, internalKey));
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        if (colon != 64) {
            return Optional.empty();
        }
        return Optional.of(new Completed(value.substring(0, colon), value.substring(colon + 1)));
    }

    @Override
    public void put(TenantId tenant, String internalKey, Completed completed, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            return;
        }
        redis.set(
                key(tenant, internalKey),
                completed.argumentsSha256() + ":" + completed.result(),
                SetParams.setParams().px(ttl.toMillis()));
    }

    private String key(TenantId tenant, String internalKey) {
        return prefix + "idem:" + tenant.value() + ":" + internalKey;
    }
}
