package io.autobiz.kernel.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestPostgres;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Migration V21: the database itself refuses an entity ID that does not carry its own row's store. */
@IntegrationInternal
class EntityNamespaceConstraintIT {

    private static TenantJdbc jdbc;

    @BeforeAll
    static void migrate() {
        jdbc = new TenantJdbc(TestPostgres.newDatabase().migrateAutoBizTables().appDataSource());
    }

    private static void storeState(String tenant, String entityId) {
        jdbc.inNewTransaction(TenantId.of(tenant), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into state_versions (tenant_id,"
                    + " entity_id, version, patch, state, state_sha256, correlation_id)"
                    + " values (?, ?, 1, '[]', '{}', ?, 'corr-ns')")) {
                insert.setString(1, tenant);
                insert.setString(2, entityId);
                insert.setString(3, "0".repeat(64));
                return insert.executeUpdate();
            }
        });
    }

    @Test
    @DisplayName("P1-T34 the database stores an entity ID only under its own store's prefix")
    void foreignOrUnprefixedEntityIdsAreRefused() {
        assertThatCode(() -> storeState(
                        "acme",
                        EntityId.of(TenantId.of("acme"), "order", "1001").toString()))
                .doesNotThrowAnyException();
        for (String wrong :
                new String[] {"globex:order:1001", "order-1001", "acme-eu:order:1", "acme::1", "acme:order:"}) {
            assertThatThrownBy(() -> storeState("acme", wrong))
                    .as(wrong)
                    .isInstanceOf(TenantDataAccessException.class)
                    .cause()
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
        }
    }
}
