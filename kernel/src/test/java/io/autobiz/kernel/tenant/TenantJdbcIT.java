package io.autobiz.kernel.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** TenantJdbc against PostgreSQL as the application role: the tenant context, and what happens when RLS refuses. */
@IntegrationInternal
class TenantJdbcIT {

    private static final AtomicInteger STORES = new AtomicInteger();
    private static TestDatabase database;

    /** Stores of this test's own, so the tests share one database without seeing each other's rows. */
    private final TenantId acme = TenantId.of("acme-" + STORES.incrementAndGet());

    private final TenantId globex = TenantId.of("globex-" + STORES.get());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
    }

    private TenantJdbc reporting() {
        TenantJdbc plain = new TenantJdbc(database.appDataSource());
        return plain.reportingTo(new JdbcSecurityIncidents(plain, meters, clock));
    }

    @Test
    @DisplayName("P1-T33 P1-T-RK06a a kernel write of another store's row is refused, recorded as a security incident"
            + " and counted")
    void crossTenantWriteBecomesAnIncident() {
        TenantJdbc jdbc = reporting();

        assertThatThrownBy(() -> jdbc.inTransaction(acme, connection -> {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "insert into tenants (tenant_id, display_name) values (?, 'Globex')")) {
                        insert.setString(1, globex.value());
                        return insert.executeUpdate();
                    }
                }))
                .isInstanceOf(CrossTenantAccessException.class)
                .hasMessageContaining("tenants")
                .hasMessageContaining(acme.value());

        assertThat(incidentsOf(jdbc, acme))
                .isEqualTo("DATABASE|application|write to tenants refused by row-level security in the context of "
                        + acme);
        assertThat(incidentsOf(jdbc, globex))
                .as("not visible to the other store")
                .isEmpty();
        assertThat(meters.counter("cross_tenant_attempt_total", "channel", "DATABASE", "tenant", acme.value())
                        .count())
                .isEqualTo(1.0);
        assertThat((int) jdbc.inTransaction(globex, connection -> count(connection, "tenants")))
                .as("nothing was written")
                .isZero();
    }

    @Test
    @DisplayName("P1-T31 a store's own rows are visible in its context and nowhere else")
    void ownRowsOnly() {
        TenantJdbc jdbc = reporting();
        jdbc.inNewTransaction(globex, connection -> {
            try (PreparedStatement insert =
                    connection.prepareStatement("insert into tenants (tenant_id, display_name) values (?, 'Globex')")) {
                insert.setString(1, globex.value());
                return insert.executeUpdate();
            }
        });

        assertThat((int) jdbc.inTransaction(globex, connection -> count(connection, "tenants")))
                .isEqualTo(1);
        assertThat((int) jdbc.inTransaction(
                        TenantId.of("initech-" + STORES.get()), connection -> count(connection, "tenants")))
                .isZero();
    }

    private static int count(java.sql.Connection connection, String table) throws java.sql.SQLException {
        try (PreparedStatement select = connection.prepareStatement("select count(*) from " + table);
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String incidentsOf(TenantJdbc jdbc, TenantId tenant) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                            "select channel || '|' || principal || '|' || attempted from security_incidents");
                    ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        });
    }
}
