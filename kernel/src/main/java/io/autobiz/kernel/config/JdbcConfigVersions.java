package io.autobiz.kernel.config;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

/** {@link ConfigVersions} in {@code business_configs}: append-only, newest wins. */
public final class JdbcConfigVersions implements ConfigVersions {

    private final TenantJdbc jdbc;
    private final Clock clock;

    public JdbcConfigVersions(TenantJdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<StoredConfig> latest(TenantId tenant) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select version, config_sha256, yaml"
                    + " from business_configs where tenant_id = ? order by version desc limit 1")) {
                select.setString(1, tenant.value());
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new StoredConfig(tenant, row.getLong(1), row.getString(2), row.getString(3)))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Long> latestVersion(TenantId tenant) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select max(version) from business_configs where tenant_id = ?")) {
                select.setString(1, tenant.value());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    long version = row.getLong(1);
                    return row.wasNull() ? Optional.empty() : Optional.of(version);
                }
            }
        });
    }

    @Override
    public boolean contains(TenantId tenant, String sha256) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select 1 from business_configs where tenant_id = ? and config_sha256 = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, sha256);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public StoredConfig append(TenantId tenant, String yaml, String sha256, String source, String createdBy) {
        return jdbc.inNewTransaction(tenant, connection -> {
            long version;
            try (PreparedStatement next = connection.prepareStatement(
                    "select coalesce(max(version), 0) + 1 from business_configs where tenant_id = ?")) {
                next.setString(1, tenant.value());
                try (ResultSet row = next.executeQuery()) {
                    row.next();
                    version = row.getLong(1);
                }
            }
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement insert = connection.prepareStatement("insert into business_configs (tenant_id,"
                    + " version, config_sha256, yaml, source, created_by, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, tenant.value());
                insert.setLong(2, version);
                insert.setString(3, sha256);
                insert.setString(4, yaml);
                insert.setString(5, source);
                insert.setString(6, createdBy);
                insert.setTimestamp(7, now);
                insert.setTimestamp(8, now);
                insert.executeUpdate();
            }
            return new StoredConfig(tenant, version, sha256, yaml);
        });
    }
}
