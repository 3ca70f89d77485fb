package io.autobiz.kernel.idempotency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testsupport.TestPostgres;
import io.autobiz.testsupport.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The idempotency check of a duplicate on the Redis hot path (key derivation, Redis GET, arguments check, result
 * parse) beside a bare Redis GET of the same key, in the same run: the ratio is what the kernel adds. Needs the test
 * PostgreSQL and Redis (docs/ci.md). Run with the command in docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class IdempotencyBenchmark {

    private JedisPooled redis;
    private IdempotencyGuard store;
    private RunContext run;
    private ToolContract contract;
    private ObjectNode input;
    private String redisKey;

    @Setup(Level.Trial)
    public void setUp() {
        URI uri = TestRedis.uri();
        redis = new JedisPooled(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()));
        String prefix = "bench-" + UUID.randomUUID() + ":";
        TenantJdbc jdbc =
                new TenantJdbc(TestPostgres.newDatabase().migrateAutoBizTables().appDataSource());
        store = new IdempotencyGuard(
                new JdbcIdempotencyRecords(jdbc),
                new RedisHotPath(redis, prefix),
                new SimpleMeterRegistry(),
                Clock.systemUTC(),
                Duration.ofHours(24),
                Duration.ofSeconds(30));
        run = new RunContext(TenantId.of("acme"), "bench-run", "bench-corr", "workflow:bench", "bench");
        contract = Fixtures.aCaptureContract().build();
        input = (ObjectNode) Json.parse("{\"paymentId\":\"pi_bench\",\"amount\":2500}");
        IdempotencyGuard.Claim first = store.claim(run, contract, input);
        store.complete(run.tenant(), first.key(), Json.object().put("status", "succeeded"));
        if (!(store.claim(run, contract, input) instanceof IdempotencyGuard.Replay)) { // fills the hot path
            throw new IllegalStateException("the duplicate was not recognised");
        }
        redisKey = prefix + "idem:acme:" + first.key().internal();
        if (redis.get(redisKey) == null) {
            throw new IllegalStateException("the hot path was not filled");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        redis.del(redisKey);
        redis.close();
    }

    @Benchmark
    public IdempotencyGuard.Claim idempotencyCheckOnRedisHotPath() {
        return store.claim(run, contract, input);
    }

    @Benchmark
    public String bareRedisGet() {
        return redis.get(redisKey);
    }
}
