package io.autobiz.kernel.idempotency;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** {@link IdempotencyRecords} in the {@code idempotency_records} table (V30), tenant-scoped by {@link TenantJdbc}. */
public final class JdbcIdempotencyRecords implements IdempotencyRecords {

    private static final String UNIQUE_VIOLATION = "23505";

    private final TenantJdbc jdbc;

    public JdbcIdempotencyRecords(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insertInFlight(
            TenantId tenant, String tool, IdempotencyKey key, String executionId, Instant now, Instant leaseUntil) {
        try {
            return jdbc.inNewTransaction(tenant, connection -> {
                try (PreparedStatement insert = connection.prepareStatement("insert into idempotency_records"
                        + " (tenant_id, internal_key, external_key, tool, args_sha256, status, execution_id,"
                        + " first_seen_at, lease_until, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, 'IN_FLIGHT', ?, ?, ?, ?, ?)")) {
                    int i = 1;
                    insert.setString(i++, tenant.value());
                    insert.setString(i++, key.internal());
                    insert.setString(i++, key.external());
                    insert.setString(i++, tool);
                    insert.setString(i++, key.argumentsSha256());
                    insert.setString(i++, executionId);
                    insert.setTimestamp(i++, Timestamp.from(now));
                    insert.setTimestamp(i++, Timestamp.from(leaseUntil));
                    insert.setTimestamp(i++, Timestamp.from(now));
                    insert.setTimestamp(i, Timestamp.from(now));
                    insert.executeUpdate();
                    return true;
                }
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean takeOver(
            TenantId tenant,
            IdempotencyRecord seen,
            IdempotencyKey key,
            String executionId,
            Instant now,
            Instant leaseUntil) {
        return jdbc.inNewTransaction(tenant, connection -> {
            try (PreparedStatement update = connection.prepareStatement("update idempotency_records"
                    + " set status = 'IN_FLIGHT', args_sha256 = ?, execution_id = ?, result = null,"
                    + " completed_at = null, first_seen_at = ?, lease_until = ?, updated_at = ?"
                    + " where tenant_id = ? and internal_key = ? and status = ? and lease_until = ?")) {
                int i = 1;
                update.setString(i++, key.argumentsSha256());
                update.setString(i++, executionId);
                update.setTimestamp(i++, Timestamp.from(now));
                update.setTimestamp(i++, Timestamp.from(leaseUntil));
                update.setTimestamp(i++, Timestamp.from(now));
                update.setString(i++, tenant.value());
                update.setString(i++, key.internal());
                update.setString(i++, seen.status().name());
                update.setTimestamp(i, Timestamp.from(seen.leaseUntil()));
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<IdempotencyRecord> find(TenantId tenant, String internalKey) {
        return jdbc.inNewTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select internal_key, args_sha256, status,"
                    + " result, first_seen_at, lease_until, completed_at from idempotency_records"
                    + " where tenant_id = ? and internal_key = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, internalKey);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Timestamp completed = row.getTimestamp("completed_at");
                    return Optional.of(new IdempotencyRecord(
                            row.getString("internal_key"),
                            row.getString("args_sha256"),
                            IdempotencyRecord.Status.valueOf(row.getString("status")),
                            row.getString("result"),
                            row.getTimestamp("first_seen_at").toInstant(),
                            row.getTimestamp("lease_until").toInstant(),
                            completed == null ? null : completed.toInstant()));
                }
            }
        });
    }

    @Override
    public void complete(TenantId tenant, String internalKey, String result, Instant now) {
        jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement update = connection.prepareStatement("update idempotency_records"
                    + " set status = 'COMPLETED', result = ?, completed_at = ?, updated_at = ?"
                    + " where tenant_id = ? and internal_key = ?")) {
                update.setString(1, result);
                update.setTimestamp(2, Timestamp.from(now));
                update.setTimestamp(3, Timestamp.from(now));
                update.setString(4, tenant.value());
                update.setString(5, internalKey);
                if (update.executeUpdate() != 1) {
                    throw new SQLException("the idempotency record " + internalKey + " vanished before completion");
                }
                return null;
            }
        });
    }

    @Override
    public void release(TenantId tenant, String internalKey, Instant leaseUntil) {
        jdbc.inNewTransaction(tenant, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from idempotency_records"
                    + " where tenant_id = ? and internal_key = ? and status = 'IN_FLIGHT' and lease_until = ?")) {
                delete.setString(1, tenant.value());
                delete.setString(2, internalKey);
                delete.setTimestamp(3, Timestamp.from(leaseUntil));
                delete.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public boolean completeAlone(TenantId tenant, String internalKey, Instant leaseUntil, String result, Instant now) {
        return jdbc.inNewTransaction(tenant, connection -> {
            try (PreparedStatement update = connection.prepareStatement("update idempotency_records"
                    + " set status = 'COMPLETED', result = ?, completed_at = ?, updated_at = ?"
                    + " where tenant_id = ? and internal_key = ? and status = 'IN_FLIGHT' and lease_until = ?")) {
                update.setString(1, result);
                update.setTimestamp(2, Timestamp.from(now));
                update.setTimestamp(3, Timestamp.from(now));
                update.setString(4, tenant.value());
                update.setString(5, internalKey);
                update.setTimestamp(6, Timestamp.from(leaseUntil));
                return update.executeUpdate() == 1;
            }
        });
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
