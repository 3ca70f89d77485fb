package io.autobiz.reconciliation.core;

import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@link ReconciliationRows} in the {@code reconciliation} table, each store's own under row-level security. */
final class JdbcReconciliationRows implements ReconciliationRows {

    private static final String SELECT = "select reconciliation_id, entity_type, entity_id, drift_kind, field_name,"
            + " financial, local_value, provider_value, status, resolution, decided_by, approval_ref, event_id"
            + " from reconciliation";

    private final TenantJdbc jdbc;
    private final Clock clock;

    JdbcReconciliationRows(TenantJdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void insert(Drift drift) {
        jdbc.inTransaction(drift.tenant(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into reconciliation"
                    + " (reconciliation_id, tenant_id, entity_type, entity_id, drift_kind, financial, local_value,"
                    + " provider_value, status, field_name, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(clock.instant());
                int i = 1;
                insert.setString(i++, drift.reconciliationId());
                insert.setString(i++, drift.tenant().value());
                insert.setString(i++, drift.kind().name().toLowerCase(Locale.ROOT));
                insert.setString(i++, drift.entityId().toString());
                insert.setString(i++, drift.financial() ? "FINANCIAL_DRIFT" : "STATE_DRIFT");
                insert.setBoolean(i++, drift.financial());
                insert.setString(i++, drift.localValue());
                insert.setString(i++, drift.providerValue());
                insert.setString(i++, Status.OPEN.name());
                insert.setString(i++, drift.field());
                insert.setTimestamp(i++, now);
                insert.setTimestamp(i, now);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean unsettled(TenantId tenant, EntityId entity, String field) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select 1 from reconciliation where tenant_id = ?"
                            + " and entity_id = ? and field_name = ? and status in (?, ?, ?)")) {
                select.setString(1, tenant.value());
                select.setString(2, entity.toString());
                select.setString(3, field);
                select.setString(4, Status.OPEN.name());
                select.setString(5, Status.AWAITING_APPROVAL.name());
                select.setString(6, Status.REPAIR_FAILED.name());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public void resolve(TenantId tenant, String reconciliationId, Status status, String resolution, String decidedBy) {
        jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement update = connection.prepareStatement("update reconciliation set status = ?,"
                    + " resolution = ?, decided_by = ?, resolved_at = ?, updated_at = ? where tenant_id = ? and"
                    + " reconciliation_id = ?")) {
                Timestamp now = Timestamp.from(clock.instant());
                update.setString(1, status.name());
                update.setString(2, resolution);
                update.setString(3, decidedBy);
                update.setTimestamp(4, status == Status.AWAITING_APPROVAL ? null : now);
                update.setTimestamp(5, now);
                update.setString(6, tenant.value());
                update.setString(7, reconciliationId);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean assignApproval(TenantId tenant, String reconciliationId, String approvalRef) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement update = connection.prepareStatement("update reconciliation set approval_ref"
                    + " = ?, updated_at = ? where tenant_id = ? and reconciliation_id = ? and status = ? and"
                    + " approval_ref is null")) {
                update.setString(1, approvalRef);
                update.setTimestamp(2, Timestamp.from(clock.instant()));
                update.setString(3, tenant.value());
                update.setString(4, reconciliationId);
                update.setString(5, Status.AWAITING_APPROVAL.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<ReconciliationRow> list(TenantId tenant, Set<Status> states) {
        return jdbc.inTransaction(tenant, connection -> {
            List<ReconciliationRow> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    SELECT + " where tenant_id = ?" + " order by created_at, reconciliation_id")) {
                select.setString(1, tenant.value());
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        ReconciliationRow row = row(result);
                        if (states.contains(row.status())) {
                            rows.add(row);
                        }
                    }
                }
            }
            return rows;
        });
    }

    @Override
    public Optional<ReconciliationRow> find(TenantId tenant, String reconciliationId) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement(SELECT + " where tenant_id = ? and reconciliation_id = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, reconciliationId);
                try (ResultSet result = select.executeQuery()) {
                    return result.next() ? Optional.of(row(result)) : Optional.empty();
                }
            }
        });
    }

    private static ReconciliationRow row(ResultSet result) throws SQLException {
        return new ReconciliationRow(
                result.getString(1),
                result.getString(2),
                result.getString(3),
                result.getString(4),
                result.getString(5),
                result.getBoolean(6),
                result.getString(7),
                result.getString(8),
                Status.valueOf(result.getString(9)),
                result.getString(10),
                result.getString(11),
                result.getString(12),
                result.getString(13));
    }
}
