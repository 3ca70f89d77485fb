package io.autobiz.kernel.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The attack suite of P1-TASK-04 against the database itself: for every AutoBiz table — found at run time, as every
 * table of the schema with a {@code tenant_id} column, so tables added by later migrations are attacked too — connect
 * as the application role (which owns nothing), in tenant A's context and in no context at all, and try to SELECT,
 * INSERT, UPDATE and DELETE tenant B's rows, and to switch row-level security off.
 *
 * <p>Rows are synthesised from the catalog (types, lengths, CHECK value lists, namespaced entity IDs). A table whose
 * rows cannot be synthesised fails loudly instead of being skipped: teach {@link RowFactory} its shape.
 */
@IntegrationInternal
class RowLevelSecurityAttackIT {

    private static final String A = "acme";
    private static final String B = "globex";
    private static final String RLS_REFUSED = "42501";

    private static TestDatabase database;
    private static List<String> tables;

    @BeforeAll
    static void migrateAndSeed() throws SQLException {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
        try (Connection owner = database.ownerDataSource().getConnection()) {
            tables = strings(
                    owner,
                    "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            + " where n.nspname = current_schema() and c.relkind in ('r', 'p') and exists ("
                            + " select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'"
                            + " and not a.attisdropped) order by 1");
            MUTABILITY.putAll(MutabilityMatrixIT.declaredClasses(owner));
        }
        for (String table : tables) {
            for (String tenant : List.of(A, B)) {
                try (Connection app = appIn(tenant)) {
                    RowFactory.insert(app, table, tenant);
                    app.commit();
                } catch (SQLException e) {
                    fail("cannot synthesise a row of " + table + " for its own tenant (" + e.getMessage()
                            + "); teach RowLevelSecurityAttackIT.RowFactory this table's shape");
                }
            }
        }
    }

    @Test
    @DisplayName("P1-T31 the attack suite finds every AutoBiz table by its tenant_id column, the new ones included")
    void everyTenantTableIsAttacked() {
        assertThat(tables)
                .contains(
                        "tenants",
                        "traces",
                        "state_versions",
                        "receipts",
                        "event_store",
                        "reconciliation",
                        "hitl_requests",
                        "tenant_secrets",
                        "credential_audit",
                        "security_incidents",
                        "idempotency_records",
                        "receipt_chain_heads",
                        "trace_archives");
    }

    @TestFactory
    @DisplayName("P1-T-RK06a tenant bleed through the database, table by table")
    Stream<DynamicNode> attacksOnEveryTable() {
        return tables.stream().map(table -> dynamicContainer(table, attacksOn(table)));
    }

    private static Stream<DynamicNode> attacksOn(String table) {
        return Stream.of(
                dynamicTest("P1-T31 " + table + ": tenant A sees its own rows and none of tenant B's", () -> {
                    try (Connection app = appIn(A)) {
                        assertThat(count(app, "select count(*) from " + table))
                                .as("rows of %s visible to A", table)
                                .isEqualTo(count(app, "select count(*) from " + table + " where tenant_id = 'acme'"))
                                .isPositive();
                        assertThat(count(app, "select count(*) from " + table + " where tenant_id = 'globex'"))
                                .isZero();
                        app.rollback();
                    }
                }),
                dynamicTest("P1-T33 " + table + ": tenant A cannot insert a row of tenant B", () -> {
                    try (Connection app = appIn(A)) {
                        assertRefused(() -> RowFactory.insert(app, table, B));
                    }
                }),
                dynamicTest(
                        "P1-T33 " + table + ": tenant A updates none of B's rows and cannot move a row to B", () -> {
                            try (Connection app = appIn(A)) {
                                assertThat(updateOrRefused(
                                                app,
                                                table,
                                                "update " + table
                                                        + " set tenant_id = tenant_id where tenant_id = 'globex'"))
                                        .isZero();
                                app.rollback();
                                setTenant(app, A);
                                assertRefused(
                                        () -> update(
                                                app,
                                                "update " + table
                                                        + " set tenant_id = 'globex' where tenant_id = 'acme'"),
                                        refusalOf(table));
                            }
                            assertThat(rowsOf(B, table))
                                    .as("B's rows are intact")
                                    .isPositive();
                        }),
                dynamicTest("P1-T33 " + table + ": tenant A deletes none of tenant B's rows", () -> {
                    try (Connection app = appIn(A)) {
                        assertThat(updateOrRefused(app, table, "delete from " + table + " where tenant_id = 'globex'"))
                                .isZero();
                        if (!"MUTABLE".equals(MUTABILITY.get(table))) {
                            // append-only: refused; transition-only: only in a deletable status (MutabilityMatrixIT)
                            app.rollback();
                        } else {
                            assertThat(update(app, "delete from " + table))
                                    .as("A may delete its own")
                                    .isPositive();
                        }
                        app.rollback();
                    }
                    assertThat(rowsOf(B, table)).isPositive();
                }),
                dynamicTest("P1-T31 P1-T33 " + table + ": without a tenant context nothing is seen or written", () -> {
                    try (Connection app = database.appDataSource().getConnection()) {
                        app.setAutoCommit(false);
                        assertThat(count(app, "select count(*) from " + table)).isZero();
                        assertThat(updateOrRefused(app, table, "update " + table + " set tenant_id = tenant_id"))
                                .isZero();
                        assertThat(updateOrRefused(app, table, "delete from " + table))
                                .isZero();
                        assertRefused(() -> RowFactory.insert(app, table, B));
                    }
                    assertThat(rowsOf(A, table)).isPositive();
                    assertThat(rowsOf(B, table)).isPositive();
                }),
                dynamicTest(
                        "P1-T-RK06a " + table + ": the application role cannot switch isolation off or truncate",
                        () -> {
                            for (String escape : List.of(
                                    "alter table " + table + " no force row level security",
                                    "alter table " + table + " disable row level security",
                                    "drop policy if exists tenant_select on " + table,
                                    "create policy sneaky on " + table + " using (true)",
                                    "truncate " + table,
                                    "set role " + TestPostgres.OWNER_ROLE)) {
                                try (Connection app = appIn(A);
                                        Statement statement = app.createStatement()) {
                                    assertThatThrownBy(() -> statement.execute(escape))
                                            .as(escape)
                                            .isInstanceOf(SQLException.class)
                                            .extracting(e -> ((SQLException) e).getSQLState())
                                            .isEqualTo(RLS_REFUSED);
                                }
                            }
                            try (Connection app = appIn(A);
                                    Statement statement = app.createStatement()) {
                                statement.execute("set local row_security = off");
                                assertThatThrownBy(() -> statement.executeQuery("select count(*) from " + table))
                                        .as("row_security = off must fail, not bypass")
                                        .hasMessageContaining("row-level security");
                            }
                        }));
    }

    @Test
    @DisplayName("P1-T31 set_tenant_context refuses what is not a tenant ID, and the context ends with the transaction")
    void tenantContextIsCheckedAndTransactionLocal() throws SQLException {
        try (Connection app = database.appDataSource().getConnection()) {
            for (String bad : new String[] {"", "a", "Acme", "acme'--", "%"}) {
                app.setAutoCommit(false);
                assertThatThrownBy(() -> setTenant(app, bad))
                        .as("tenant '%s'", bad)
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState())
                        .isEqualTo("22023");
                app.rollback();
            }
            setTenant(app, A);
            assertThat(count(app, "select count(*) from tenants")).isEqualTo(1);
            app.commit();
            assertThat(count(app, "select count(*) from tenants"))
                    .as("a new transaction on the same connection has no tenant")
                    .isZero();
            app.rollback();
        }
    }

    private interface Attempt {
        void run() throws SQLException;
    }

    /** Each table's declared class (table_mutability, V60), enforced by V61. */
    private static final Map<String, String> MUTABILITY = new java.util.HashMap<>();

    /**
     * Append-only tables: the application role holds no UPDATE or DELETE privilege on them (V61), so PostgreSQL refuses
     * the statement before row-level security is reached. Transition-only tables: their trigger refuses a change of the
     * fixed tenant_id before row-level security's check is reached. Both with the same SQLSTATE.
     */
    private static String refusalOf(String table) {
        return switch (MUTABILITY.getOrDefault(table, "MUTABLE")) {
            case "APPEND_ONLY" -> "permission denied";
            case "TRANSITION_ONLY" -> "table_mutability";
            default -> "row-level security";
        };
    }

    /** The statement's row count; on an append-only table, asserts that it is refused outright and answers 0. */
    private static int updateOrRefused(Connection app, String table, String sql) throws SQLException {
        if (!"APPEND_ONLY".equals(MUTABILITY.get(table))) {
            return update(app, sql);
        }
        assertRefused(() -> update(app, sql), "permission denied");
        app.rollback();
        return 0;
    }

    private static void assertRefused(Attempt attempt) {
        assertRefused(attempt, "row-level security");
    }

    private static void assertRefused(Attempt attempt, String because) {
        assertThatThrownBy(attempt::run).isInstanceOf(SQLException.class).satisfies(e -> {
            assertThat(((SQLException) e).getSQLState()).isEqualTo(RLS_REFUSED);
            assertThat(e.getMessage()).contains(because);
        });
    }

    private static Connection appIn(String tenant) throws SQLException {
        Connection app = database.appDataSource().getConnection();
        app.setAutoCommit(false);
        setTenant(app, tenant);
        return app;
    }

    private static void setTenant(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("select set_tenant_context(?)")) {
            set.setString(1, tenant);
            set.execute();
        }
    }

    private static long rowsOf(String tenant, String table) throws SQLException {
        try (Connection app = appIn(tenant)) {
            long rows = count(app, "select count(*) from " + table);
            app.rollback();
            return rows;
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
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

    /** Builds a valid row of any table from the catalog, owned by the given tenant. */
    static final class RowFactory {

        private static final AtomicInteger SEQUENCE = new AtomicInteger();
        private static final Pattern FIRST_LISTED_VALUE = Pattern.compile("ARRAY\\['([^']*)'");

        private record Column(String name, String type, String typeName, int maxLength) {}

        private RowFactory() {}

        static void insert(Connection connection, String table, String tenant) throws SQLException {
            insert(connection, table, tenant, Map.of());
        }

        /** @param overrides values for some required columns (e.g. a status) instead of synthesised ones */
        static void insert(Connection connection, String table, String tenant, Map<String, String> overrides)
                throws SQLException {
            Map<String, String> row = new LinkedHashMap<>();
            List<String> checks = strings(
                    connection,
                    "select pg_get_constraintdef(oid) from pg_constraint where contype = 'c' and conrelid = '" + table
                            + "'::regclass");
            for (Column column : requiredColumns(connection, table)) {
                row.put(
                        column.name() + "::" + column.type(),
                        overrides.getOrDefault(column.name(), valueFor(column, tenant, checks)));
            }
            StringBuilder names = new StringBuilder();
            StringBuilder values = new StringBuilder();
            for (String key : row.keySet()) {
                String[] nameAndType = key.split("::", 2);
                names.append(names.length() == 0 ? "" : ", ").append(nameAndType[0]);
                values.append(values.length() == 0 ? "" : ", ")
                        .append("cast(? as ")
                        .append(nameAndType[1])
                        .append(')');
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("insert into " + table + " (" + names + ") values (" + values + ")")) {
                int i = 1;
                for (String value : row.values()) {
                    insert.setString(i++, value);
                }
                insert.executeUpdate();
            }
        }

        /** tenant_id, and every NOT NULL column without a default or identity. */
        private static List<Column> requiredColumns(Connection connection, String table) throws SQLException {
            List<Column> columns = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select a.attname,"
                    + " format_type(a.atttypid, a.atttypmod), t.typname,"
                    + " case when t.typname in ('varchar', 'bpchar') and a.atttypmod > 4 then a.atttypmod - 4"
                    + " else 0 end"
                    + " from pg_attribute a join pg_type t on t.oid = a.atttypid"
                    + " where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped"
                    + " and a.attgenerated = '' and (a.attname = 'tenant_id' or (a.attnotnull and not a.atthasdef"
                    + " and a.attidentity = '')) order by a.attnum")) {
                select.setString(1, table);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        columns.add(
                                new Column(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4)));
                    }
                }
            }
            return columns;
        }

        private static String valueFor(Column column, String tenant, List<String> checks) {
            String name = column.name();
            if (name.equals("tenant_id")) {
                return tenant;
            }
            for (String check : checks) {
                if (check.matches("(?s).*\\b" + name + "\\b.*")) {
                    Matcher listed = FIRST_LISTED_VALUE.matcher(check);
                    if (listed.find()) {
                        return listed.group(1);
                    }
                }
            }
            String unique = "t" + SEQUENCE.incrementAndGet()
                    + UUID.randomUUID().toString().substring(0, 8);
            switch (column.typeName()) {
                case "varchar", "text" -> {
                    String value = name.endsWith("entity_id") ? tenant + ":test:" + unique : unique;
                    return column.maxLength() > 0 && value.length() > column.maxLength()
                            ? value.substring(value.length() - column.maxLength())
                            : value;
                }
                case "bpchar" -> {
                    // unique, as hex digests are (idempotency keys are part of a primary key)
                    StringBuilder hex = new StringBuilder();
                    while (hex.length() < Math.max(1, column.maxLength())) {
                        hex.append(UUID.randomUUID().toString().replace("-", ""));
                    }
                    return hex.substring(0, Math.max(1, column.maxLength()));
                }
                case "int2", "int4", "int8", "numeric", "float4", "float8" -> {
                    return "1";
                }
                case "bool" -> {
                    return "true";
                }
                case "timestamptz", "timestamp" -> {
                    return "2026-01-01T00:00:00Z";
                }
                case "date" -> {
                    return "2026-01-01";
                }
                case "uuid" -> {
                    return UUID.randomUUID().toString();
                }
                case "json", "jsonb" -> {
                    return "{}";
                }
                default ->
                    throw new IllegalStateException(
                            "no synthetic value for column " + name + " of type " + column.type());
            }
        }
    }
}
