package io.autobiz.kernel.tenant;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security incidents in the {@code security_incidents} table, in the context of the store whose actor made the
 * attempt, each in a transaction of its own: the work that was refused rolls back, its incident must not. Each one is
 * also logged at WARN and counted in {@code cross_tenant_attempt_total{channel,tenant}}.
 */
public final class JdbcSecurityIncidents implements SecurityIncidents {

    private static final Logger log = LoggerFactory.getLogger(JdbcSecurityIncidents.class);

    private static final String INSERT = "insert into security_incidents (incident_id, tenant_id, principal, channel,"
            + " attempted, target_tenant_id, correlation_id, created_at, updated_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final TenantJdbc jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    /** @param jdbc a TenantJdbc that does not itself report to this recorder */
    public JdbcSecurityIncidents(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void record(SecurityIncident incident) {
        String id = UUID.randomUUID().toString();
        meters.counter(
                        "cross_tenant_attempt_total",
                        "channel",
                        incident.channel().name(),
                        "tenant",
                        incident.tenant().value())
                .increment();
        log.warn(
                "security incident {}: cross-tenant attempt refused: channel={} tenant={} principal={} target={}"
                        + " correlation={} attempted={}",
                id,
                incident.channel(),
                incident.tenant(),
                incident.principal(),
                incident.targetTenant().map(TenantId::value).orElse("-"),
                incident.correlation().orElse("-"),
                incident.attempted());
        try {
            jdbc.inNewTransaction(incident.tenant(), connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    Timestamp now = Timestamp.from(clock.instant());
                    insert.setString(1, id);
                    insert.setString(2, incident.tenant().value());
                    insert.setString(3, incident.principal());
                    insert.setString(4, incident.channel().name());
                    insert.setString(5, incident.attempted());
                    insert.setString(
                            6, incident.targetTenant().map(TenantId::value).orElse(null));
                    insert.setString(7, incident.correlation().orElse(null));
                    insert.setTimestamp(8, now);
                    insert.setTimestamp(9, now);
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            // The refusal still happens; only the record is lost, and the log line above keeps it.
            log.error(
                    "security incident {} could not be stored ({}); it is in this log only",
                    id,
                    e.getClass().getSimpleName());
        }
    }
}
