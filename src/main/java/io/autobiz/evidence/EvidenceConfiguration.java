package io.autobiz.evidence;

import io.autobiz.cluster.ClusterJobs;
import io.autobiz.kernel.cost.PriceTable;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.evidence.EvidencePorts;
import io.autobiz.kernel.evidence.EvidenceVerifier;
import io.autobiz.kernel.idempotency.HotPath;
import io.autobiz.kernel.idempotency.IdempotencyRecords;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.redaction.RedactionPolicy;
import io.autobiz.kernel.redaction.Redactor;
import io.autobiz.kernel.redaction.SecretScanner;
import io.autobiz.kernel.state.States;
import io.autobiz.kernel.state.TranscriptReplayer;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.trace.TraceRetention;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.tenancy.TenantProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** Builds the kernel's evidence stores (steps 6 and 10-12) from {@link EvidenceProperties}. */
@Configuration(proxyBeanMethods = false)
public class EvidenceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EvidenceConfiguration.class);

    /** The Redis hot path when a URL is configured; otherwise none, and every lookup asks the database. */
    @Bean(destroyMethod = "")
    HotPath idempotencyHotPath(EvidenceProperties properties) {
        EvidenceProperties.Redis redis = properties.redis();
        if (redis.url() == null || redis.url().toString().isBlank()) {
            log.info("idempotency hot path: none (autobiz.evidence.redis.url is not set); the database answers");
            return HotPath.NONE;
        }
        int timeout = (int) redis.timeout().toMillis();
        JedisPooled client = new JedisPooled(
                new HostAndPort(
                        redis.url().getHost(),
                        redis.url().getPort() < 0 ? 6379 : redis.url().getPort()),
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(timeout)
                        .socketTimeoutMillis(timeout)
                        .build());
        log.info(
                "idempotency hot path: Redis at {}:{}",
                redis.url().getHost(),
                redis.url().getPort());
        return HotPath.redis(client, redis.keyPrefix());
    }

    @Bean
    JdbcReceipts receiptStore(TenantJdbc jdbc, SecretBox secretBox, MeterRegistry meters, Clock clock) {
        return new JdbcReceipts(jdbc, secretBox, meters, clock);
    }

    @Bean
    States stateStore(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        return States.onDatabase(jdbc, meters, clock);
    }

    @Bean
    Redactor redactor(EvidenceProperties properties, MeterRegistry meters) {
        RedactionPolicy policy = RedactionPolicy.defaults()
                .plus(properties.redaction().allowed(), properties.redaction().sensitive());
        return new Redactor(policy, new SecretScanner(), meters);
    }

    @Bean
    PriceTable prices(EvidenceProperties properties) {
        PriceTable defaults = PriceTable.defaults();
        Map<String, PriceTable.TokenPrice> models = new HashMap<>(defaults.models());
        properties
                .cost()
                .models()
                .forEach((model, price) -> models.put(
                        model, new PriceTable.TokenPrice(price.promptPerMillion(), price.completionPerMillion())));
        Map<String, Long> calls = new HashMap<>(defaults.providerCalls());
        calls.putAll(properties.cost().providerCalls());
        return new PriceTable(models, calls, defaults.unknownModel(), defaults.unknownProviderCall());
    }

    /**
     * Where the kernel's evidence steps keep their records (the database, with Redis in front of idempotency when
     * configured). Each tool call is observed through Micrometer: a timer always, and an OpenTelemetry span exported
     * over OTLP when {@code management.tracing.enabled} is true (the postgres profile with
     * {@code AUTOBIZ_TRACING_ENABLED=true}).
     */
    @Bean
    EvidencePorts evidencePorts(
            TenantJdbc jdbc,
            HotPath hotPath,
            JdbcReceipts receipts,
            States states,
            PriceTable prices,
            Redactor redactor,
            EvidenceProperties properties,
            ObjectProvider<ObservationRegistry> observations) {
        return new EvidencePorts(
                IdempotencyRecords.onDatabase(jdbc),
                hotPath,
                properties.idempotencyWindow(),
                properties.leaseMargin(),
                receipts,
                states,
                prices,
                redactor,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    EvidenceVerifier evidenceVerifier(TenantJdbc jdbc, JdbcReceipts receipts, MeterRegistry meters) {
        return new EvidenceVerifier(jdbc, receipts, meters);
    }

    @Bean
    TranscriptReplayer transcriptReplayer(Traces traces, States states, JdbcReceipts receipts, MeterRegistry meters) {
        return new TranscriptReplayer(traces, states, receipts, meters);
    }

    @Bean
    TraceRetention traceRetention(TenantJdbc jdbc, Clock clock, EvidenceProperties properties) {
        EvidenceProperties.Retention retention = properties.retention();
        return new TraceRetention(jdbc, clock, retention.hot(), retention.warm(), retention.exportDir());
    }

    /**
     * Runs retention for every configured store at the configured interval, on its own thread and on one node of the
     * cluster per interval (the {@code trace-retention} lock). A failing pass is logged and counted
     * ({@code trace_retention_failure_total}) and tried again next time.
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService traceRetentionJob(
            TraceRetention retention,
            TenantProperties autobiz,
            EvidenceProperties properties,
            MeterRegistry meters,
            ClusterJobs cluster) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "trace-retention");
            thread.setDaemon(true);
            return thread;
        });
        if (properties.retention().enabled()) {
            long every = properties.retention().interval().toSeconds();
            scheduler.scheduleWithFixedDelay(
                    () -> cluster.runOnce(
                            "trace-retention",
                            properties.retention().interval(),
                            () -> autobiz.tenants().keySet().forEach(tenant -> {
                                try {
                                    TraceRetention.Pass pass = retention.run(TenantId.of(tenant));
                                    meters.counter("trace_retention_archived_total")
                                            .increment(pass.archivedLines());
                                    meters.counter("trace_retention_exported_total")
                                            .increment(pass.exported());
                                } catch (RuntimeException e) {
                                    meters.counter("trace_retention_failure_total")
                                            .increment();
                                    log.warn("trace retention for store {} failed; retried at the next run", tenant, e);
                                }
                            })),
                    every,
                    every,
                    TimeUnit.SECONDS);
        }
        return scheduler;
    }
}
