package io.autobiz.kernel.trace;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Transcripts in the {@code traces} table, tenant-scoped by {@link TenantJdbc}. */
public final class JdbcTraces implements Traces {

    private static final String INSERT = "insert into traces (tenant_id, correlation_id, run_id, workflow, principal,"
            + " kind, tool, outcome, error_code, detail, duration_micros, created_at, updated_at, config_sha256,"
            + " input, output, cost_micros, state_entity, state_version, state_patch, state_sha256, receipt_id,"
            + " replayed) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String SELECT_RUN = "select id, tenant_id, correlation_id, run_id, workflow, principal, kind,"
            + " tool, outcome, error_code, detail, duration_micros, created_at, config_sha256, input, output,"
            + " cost_micros, state_entity, state_version, state_patch, state_sha256, receipt_id, replayed"
            + " from traces where tenant_id = ? and run_id = ? order by id";

    private final TenantJdbc jdbc;

    public JdbcTraces(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(TraceEvent event) {
        jdbc.inTransaction(event.run().tenant(), connection -> insert(connection, event));
    }

    @Override
    public void appendDetached(TraceEvent event) {
        jdbc.inNewTransaction(event.run().tenant(), connection -> insert(connection, event));
    }

    @Override
    public List<StoredTraceEvent> transcript(TenantId tenant, String runId) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_RUN)) {
                select.setString(1, tenant.value());
                select.setString(2, runId);
                try (ResultSet rows = select.executeQuery()) {
                    List<StoredTraceEvent> events = new ArrayList<>();
                    while (rows.next()) {
                        events.add(new StoredTraceEvent(
                                rows.getLong("id"),
                                rows.getString("tenant_id"),
                                rows.getString("run_id"),
                                rows.getString("correlation_id"),
                                rows.getString("workflow"),
                                rows.getString("principal"),
                                TraceEvent.Kind.valueOf(rows.getString("kind")),
                                rows.getString("tool"),
                                TraceEvent.Outcome.valueOf(rows.getString("outcome")),
                                rows.getString("error_code"),
                                rows.getString("detail"),
                                rows.getLong("duration_micros"),
                                rows.getTimestamp("created_at").toInstant(),
                                rows.getString("config_sha256"),
                                evidenceOf(rows)));
                    }
                    return events;
                }
            }
        });
    }

    private static StepEvidence evidenceOf(ResultSet rows) throws SQLException {
        long version = rows.getLong("state_version");
        Long stateVersion = rows.wasNull() ? null : version;
        return new StepEvidence(
                rows.getString("input"),
                rows.getString("output"),
                rows.getLong("cost_micros"),
                rows.getString("state_entity"),
                stateVersion,
                rows.getString("state_patch"),
                rows.getString("state_sha256"),
                rows.getString("receipt_id"),
                rows.getBoolean("replayed"));
    }

    private static Void insert(Connection connection, TraceEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            // Microseconds, as the database keeps them (PostgreSQL would round), so replays see the instant the kernel
            // used.
            Timestamp at = Timestamp.from(event.at().truncatedTo(ChronoUnit.MICROS));
            int i = 1;
            insert.setString(i++, event.run().tenant().value());
            insert.setString(i++, event.run().correlationId());
            insert.setString(i++, event.run().runId());
            insert.setString(i++, event.run().workflow());
            insert.setString(i++, event.run().principal());
            insert.setString(i++, event.kind().name());
            insert.setString(i++, event.tool());
            insert.setString(i++, event.outcome().name());
            insert.setString(i++, event.errorCode());
            insert.setString(i++, event.detail());
            insert.setLong(i++, event.duration().toNanos() / 1_000);
            insert.setTimestamp(i++, at);
            insert.setTimestamp(i++, at);
            insert.setString(i++, event.configSha256());
            StepEvidence evidence = event.evidence();
            insert.setString(i++, evidence.input());
            insert.setString(i++, evidence.output());
            insert.setLong(i++, evidence.costMicros());
            insert.setString(i++, evidence.stateEntity());
            if (evidence.stateVersion() == null) {
                insert.setNull(i++, Types.BIGINT);
            } else {
                insert.setLong(i++, evidence.stateVersion());
            }
            insert.setString(i++, evidence.statePatch());
            insert.setString(i++, evidence.stateSha256());
            insert.setString(i++, evidence.receiptId());
            insert.setBoolean(i, evidence.replayed());
            insert.executeUpdate();
        }
        return null;
    }
}
