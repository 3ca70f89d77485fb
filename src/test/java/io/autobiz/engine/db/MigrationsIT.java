package io.autobiz.engine.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** P1-TASK-03: the migrations as the application runs them, on an empty PostgreSQL database. */
@IntegrationInternal
class MigrationsIT {

    static final List<String> AUTOBIZ_TABLES = List.of(
            "tenants",
            "state_versions",
            "receipts",
            "traces",
            "event_store",
            "reconciliation",
            "hitl_requests",
            "tenant_secrets",
            "credential_audit",
            "security_incidents");

    private TestDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = TestPostgres.newDatabase();
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .javaMigrations(new CamundaEngineSchema(), new EngineVariableIndexes())
                .placeholders(Map.of("app_role", TestPostgres.APP_ROLE))
                .load();
    }

    @Test
    @DisplayName("P1-TASK-03 a fresh database migrates cleanly: AutoBiz tables, engine tables, key indexes")
    void freshDatabaseMigrates() throws SQLException, IOException {
        assertThat(flyway().migrate().migrationsExecuted).isEqualTo(migrationCount());

        try (Connection owner = database.ownerDataSource().getConnection()) {
            assertThat(tables(owner)).containsAll(AUTOBIZ_TABLES).contains("act_ru_execution", "act_hi_procinst");
            assertThat(indexes(owner, "event_store")).contains("idx_events_tenant_source", "idx_events_tenant_status");
            assertThat(indexes(owner, "act_hi_varinst"))
                    .as("runs are found by a variable's value without reading every variable of its name")
                    .contains("autobiz_idx_hi_varinst_text", "autobiz_idx_hi_varinst_long");
            assertThat(indexes(owner, "act_ru_variable"))
                    .contains("autobiz_idx_ru_variable_text", "autobiz_idx_ru_variable_long");
            for (String table : AUTOBIZ_TABLES) {
                assertThat(notNullColumns(owner, table))
                        .as("%s has tenant_id NOT NULL and audit columns", table)
                        .contains("tenant_id", "created_at", "updated_at");
            }
        }
    }

    @Test
    @DisplayName("P1-T31 row-level security is enabled and forced on every table that has a tenant_id")
    void rowLevelSecurityIsForcedEverywhere() throws SQLException {
        flyway().migrate();
        try (Connection owner = database.ownerDataSource().getConnection();
                Statement statement = owner.createStatement();
                ResultSet rows = statement.executeQuery("select c.relname, c.relrowsecurity, c.relforcerowsecurity"
                        + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = 'public' and c.relkind = 'r' and exists (select 1 from"
                        + " information_schema.columns col where col.table_schema = 'public'"
                        + " and col.table_name = c.relname and col.column_name = 'tenant_id')")) {
            List<String> checked = new ArrayList<>();
            while (rows.next()) {
                assertThat(rows.getBoolean(2))
                        .as("RLS enabled on %s", rows.getString(1))
                        .isTrue();
                assertThat(rows.getBoolean(3))
                        .as("RLS forced on %s", rows.getString(1))
                        .isTrue();
                checked.add(rows.getString(1));
            }
            assertThat(checked).as("every AutoBiz table, and any added since").containsAll(AUTOBIZ_TABLES);
        }
    }

    @Test
    @DisplayName("P1-T31 the application role owns nothing, cannot change the schema and sees nothing without a tenant")
    void applicationRoleOwnsNothing() throws SQLException {
        flyway().migrate();
        try (Connection owner = database.ownerDataSource().getConnection();
                PreparedStatement owned = owner.prepareStatement(
                        "select count(*) from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = ?")) {
            owned.setString(1, TestPostgres.APP_ROLE);
            try (ResultSet rows = owned.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
            insertTenantAsOwner(owner, "acme");
        }
        DataSource app = database.appDataSource();
        try (Connection connection = app.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("create table sneaky (id int)"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.execute("drop table tenants")).hasMessageContaining("must be owner");
            try (ResultSet rows = statement.executeQuery("select count(*) from tenants")) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("rows visible with no tenant context")
                        .isZero();
            }
            assertThatThrownBy(() -> statement.executeUpdate(
                            "insert into tenants (tenant_id, display_name) values ('globex', 'Globex')"))
                    .hasMessageContaining("row-level security");
        }
    }

    @Test
    @DisplayName("P1-TASK-03 every migration has a downgrade script, and undoing them all then migrating again works")
    void downgradePathUndoesEveryMigration() throws Exception {
        List<Integer> versions = new ArrayList<>(sqlMigrationVersions());
        versions.add(Integer.parseInt(EngineVariableIndexes.VERSION));
        Map<Integer, Path> undo = undoScripts();
        assertThat(undo.keySet())
                .as("db/undo has a U<n> script for every migration V<n> but the engine's schema (V1)")
                .containsExactlyInAnyOrderElementsOf(versions);

        flyway().migrate();
        try (Connection owner = database.ownerDataSource().getConnection()) {
            for (int version :
                    versions.stream().sorted(Comparator.reverseOrder()).toList()) {
                run(owner, Files.readString(undo.get(version)).replace(":app_role", TestPostgres.APP_ROLE));
            }
            for (String script : CamundaEngineSchema.dropScripts("postgres")) {
                run(owner, CamundaEngineSchema.read(script));
            }
            run(owner, "delete from flyway_schema_history where version = '1'");
            assertThat(tables(owner)).containsExactly("flyway_schema_history");
        }
        assertThat(flyway().migrate().migrationsExecuted).isEqualTo(migrationCount());
    }

    /** V1 and V79 (Java migrations on the engine's tables) and every SQL migration that runs on PostgreSQL. */
    private static int migrationCount() throws IOException {
        return 2 + sqlMigrationVersions().size();
    }

    private static List<Integer> sqlMigrationVersions() throws IOException {
        List<Integer> versions = new ArrayList<>();
        for (String folder : List.of("common", "postgresql")) {
            versions.addAll(versionsIn(
                    TestPostgres.repositoryRoot().resolve("db/migration").resolve(folder), "V"));
        }
        return versions;
    }

    private static Map<Integer, Path> undoScripts() throws IOException {
        Map<Integer, Path> scripts = new TreeMap<>();
        for (String folder : List.of("common", "postgresql")) {
            Path dir = TestPostgres.repositoryRoot().resolve("db/undo").resolve(folder);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(file -> file.getFileName().toString().matches("U\\d+__.*\\.sql"))
                        .forEach(file -> scripts.put(versionOf(file, "U"), file));
            }
        }
        return scripts;
    }

    private static List<Integer> versionsIn(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().matches(prefix + "\\d+__.*\\.sql"))
                    .map(file -> versionOf(file, prefix))
                    .toList();
        }
    }

    private static int versionOf(Path file, String prefix) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(prefix.length(), name.indexOf("__")));
    }

    private static void insertTenantAsOwner(Connection owner, String tenant) throws SQLException {
        owner.setAutoCommit(false);
        try (Statement statement = owner.createStatement()) {
            statement.execute("select set_config('app.tenant_id', '" + tenant + "', true)");
            statement.executeUpdate(
                    "insert into tenants (tenant_id, display_name) values ('" + tenant + "', '" + tenant + "')");
        }
        owner.commit();
        owner.setAutoCommit(true);
    }

    private static void run(Connection connection, String script) throws SQLException {
        for (String statement : CamundaEngineSchema.statements(script)) {
            try (Statement jdbc = connection.createStatement()) {
                jdbc.execute(statement);
            }
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        return strings(
                connection,
                "select table_name from information_schema.tables where table_schema = 'public'"
                        + " order by table_name");
    }

    private static List<String> indexes(Connection connection, String table) throws SQLException {
        return strings(connection, "select indexname from pg_indexes where tablename = '" + table + "'");
    }

    private static List<String> notNullColumns(Connection connection, String table) throws SQLException {
        return strings(
                connection,
                "select column_name from information_schema.columns where table_name = '" + table
                        + "' and is_nullable = 'NO'");
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
