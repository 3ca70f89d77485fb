package io.autobiz.kernel.credential;

import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/**
 * The credential audit trail in {@code credential_audit}, one row per access, in the store's context and in a
 * transaction of its own (a read that precedes a rolled-back step still happened). Counted in
 * {@code credential_access_total{tenant,secret,action}}.
 */
public final class JdbcCredentialAudit implements CredentialAudit {

    private static final String INSERT = "insert into credential_audit (tenant_id, secret_name, principal, action,"
            + " created_at, updated_at) values (?, ?, ?, ?, ?, ?)";

    private final TenantJdbc jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    public JdbcCredentialAudit(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void record(CredentialAccess access) {
        jdbc.inNewTransaction(access.tenant(), connection -> {
            insert(connection, access, clock.instant());
            return null;
        });
        count(meters, access);
    }

    /** Writes the row on a connection whose tenant context is set, for callers that audit inside their own work. */
    static void insert(Connection connection, CredentialAccess access, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            Timestamp now = Timestamp.from(at);
            insert.setString(1, access.tenant().value());
            insert.setString(2, access.secretName());
            insert.setString(3, access.principal());
            insert.setString(4, access.action().name());
            insert.setTimestamp(5, now);
            insert.setTimestamp(6, now);
            insert.executeUpdate();
        }
    }

    static void count(MeterRegistry meters, CredentialAccess access) {
        meters.counter(
                        "credential_access_total",
                        "tenant",
                        access.tenant().value(),
                        "secret",
                        access.secretName(),
                        "action",
                        access.action().name())
                .increment();
    }
}
