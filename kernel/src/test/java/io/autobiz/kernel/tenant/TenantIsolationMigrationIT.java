package io.autobiz.kernel.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The migration guard (Flyway callback {@code afterMigrate__verify_tenant_isolation.sql}): a migration that leaves a
 * table with a {@code tenant_id} column unisolated does not get past migrate, so it cannot reach production.
 */
@IntegrationInternal
class TenantIsolationMigrationIT {

    private static TestDatabase migrateWith(String testMigrations) {
        return TestPostgres.newDatabase().migrateAutoBizTables("classpath:testmigrations/" + testMigrations);
    }

    @Test
    @DisplayName("P1-T31 a new table with a tenant_id but no row-level security stops the migration")
    void unprotectedTableIsRefused() {
        assertThatThrownBy(() -> migrateWith("unprotected"))
                .hasMessageContaining("tenant isolation or mutability is incomplete")
                .hasMessageContaining("widgets: row-level security is not enabled")
                .hasMessageContaining("widgets: no policy confines SELECT to the tenant context");
    }

    @Test
    @DisplayName("P1-T31 a permissive policy that does not test the tenant (an open door) stops the migration")
    void openPolicyIsRefused() {
        assertThatThrownBy(() -> migrateWith("leaky"))
                .hasMessageContaining("widgets: permissive policy support_sees_all does not test app.tenant_id");
    }

    @Test
    @DisplayName("P1-T33 a table whose UPDATE is not confined to the tenant stops the migration")
    void missingUpdatePolicyIsRefused() {
        assertThatThrownBy(() -> migrateWith("update-escape"))
                .hasMessageContaining("widgets: no policy confines UPDATE to the tenant context");
    }

    @Test
    @DisplayName("P1-T31 a new table that is isolated but declares no mutability class stops the migration")
    void unclassifiedTableIsRefused() {
        assertThatThrownBy(() -> migrateWith("unclassified"))
                .hasMessageContaining("widgets: no declared mutability class (a row in table_mutability)");
    }

    @Test
    @DisplayName("P1-T31 a table isolated in one line, or with V3's FOR ALL policy, passes")
    void isolatedTablesPass() throws Exception {
        TestDatabase oneLine = migrateWith("one-line");
        migrateWith("v3-style");

        try (Connection owner = oneLine.ownerDataSource().getConnection();
                Statement statement = owner.createStatement();
                ResultSet policies = statement.executeQuery(
                        "select string_agg(cmd, ',' order by cmd) from pg_policies where tablename = 'widgets'")) {
            policies.next();
            assertThat(policies.getString(1)).isEqualTo("DELETE,INSERT,SELECT,UPDATE");
        }
    }
}
