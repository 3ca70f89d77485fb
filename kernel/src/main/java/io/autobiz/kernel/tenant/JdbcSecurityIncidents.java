package io.autobiz.kernel.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.chain.HashChain;
import io.autobiz.kernel.json.Json;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
            + " attempted, target_tenant_id, correlation_id, created_at, updated_at, chain_seq, prev_hash, hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The name of the incidents' chain in {@code evidence_chain_heads}. */
    public static final String CHAIN = "security_incidents";

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
                // Chained to the store's previous incident (issue 22): a removed or rewritten one is found by
                // verification.
                Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
                HashChain.Link link = HashChain.append(
                        connection,
                        incident.tenant().value(),
                        CHAIN,
                        material(
                                id,
                                incident.tenant().value(),
                                incident.principal(),
                                incident.channel().name(),
                                incident.attempted(),
                                incident.targetTenant().map(TenantId::value).orElse(null),
                                incident.correlation().orElse(null),
                                at),
                        at);
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    Timestamp now = Timestamp.from(at);
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
                    insert.setLong(10, link.seq());
                    insert.setString(11, link.prevHash());
                    insert.setString(12, link.hash());
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

    /** What an incident's hash covers: every field but the chain's own columns and updated_at. */
    public static ObjectNode material(
            String incidentId,
            String tenant,
            String principal,
            String channel,
            String attempted,
            String targetTenant,
            String correlationId,
            Instant at) {
        ObjectNode material = Json.object();
        material.put("incidentId", incidentId);
        material.put("tenant", tenant);
        material.put("principal", principal);
        material.put("channel", channel);
        material.put("attempted", attempted);
        material.put("targetTenant", targetTenant);
        material.put("correlationId", correlationId);
        material.put("createdAt", at.truncatedTo(ChronoUnit.MICROS).toString());
        return material;
    }
}
