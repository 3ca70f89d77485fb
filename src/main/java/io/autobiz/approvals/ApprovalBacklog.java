package io.autobiz.approvals;

import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code hitl_backlog_depth} and {@code hitl_backlog_oldest_age_seconds} per store, refreshed every 30 s from
 * {@code hitl_requests}: an alert on the oldest age catches approvals nobody looks at before their timers fail them.
 */
@Component
public class ApprovalBacklog {

    private static final Logger log = LoggerFactory.getLogger(ApprovalBacklog.class);

    private final Approvals approvals;
    private final TenantProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldestAgeSeconds = new ConcurrentHashMap<>();

    public ApprovalBacklog(Approvals approvals, TenantProperties properties, Clock clock, MeterRegistry meters) {
        this.approvals = approvals;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${autobiz.approvals.backlog-refresh:PT30S}", initialDelayString = "PT5S")
    public void refresh() {
        for (String tenant : properties.tenants().keySet()) {
            try {
                List<ApprovalRequest> pending = approvals.pending(TenantId.of(tenant));
                gauge(depth, "hitl_backlog_depth", tenant).set(pending.size());
                long age = pending.isEmpty()
                        ? 0
                        : Duration.between(pending.get(0).createdAt(), clock.instant())
                                .toSeconds();
                gauge(oldestAgeSeconds, "hitl_backlog_oldest_age_seconds", tenant)
                        .set(Math.max(0, age));
            } catch (RuntimeException e) {
                log.warn("approval backlog of {} could not be read: {}", tenant, e.getMessage());
            }
        }
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String tenant) {
        return values.computeIfAbsent(tenant, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).tag("tenant", key).register(meters);
            return value;
        });
    }
}
