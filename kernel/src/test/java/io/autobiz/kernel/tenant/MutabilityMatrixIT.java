package io.autobiz.kernel.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: every AutoBiz table declares how its rows may change ({@code table_mutability}, V60) and PostgreSQL
 * enforces it (V61). Seeded by the owner, one row per store; then, as the application role, every command in every
 * context (each store, none) against every store's rows. Zero cross-store effects, every append-only and transition
 * rule holding, and no table without a class. The figures are printed.
 */
@IntegrationInternal
class MutabilityMatrixIT {

    private static final List<String> STORES = List.of("acme", "globex");
    private static final String REFUSED = "42501";
    private static final String UNIQUE_VIOLATION = "23505";

    /** The evidence the seed promises cannot be bent (P1-TASK-10, 12, 14), named here independently of the catalog. */
    private static final List<String> EVIDENCE = List.of(
            "receipts",
            "state_versions",
            "credential_audit",
            "security_incidents",
            "business_configs",
            "traces",
            "trace_archives");

    private record Declared(
            String table,
            String mutability,
            String statusColumn,
            List<String> transitions,
            List<String> fixed,
            List<String> setOnce,
            List<String> deletable) {

        Set<String> statuses() {
            Set<String> statuses = new LinkedHashSet<>();
            transitions.forEach(t -> statuses.addAll(Arrays.asList(t.split(">"))));
            return statuses;
        }

        /** The status rows are seeded in: the start of the first declared transition (none if not transition-only). */
        String firstStatus() {
            return transitions.isEmpty() ? null : transitions.get(0).split(">")[0];
        }
    }

    private TestDatabase database;
    private List<String> tables;
    private Map<String, Declared> declared;

    @BeforeEach
    void migrate() throws SQLException {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
        try (Connection owner = database.ownerDataSource().getConnection()) {
            tables = strings(
                    owner,
                    "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            + " where n.nspname = current_schema() and c.relkind in ('r', 'p') and exists ("
                            + " select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'"
                            + " and not a.attisdropped) order by 1");
            declared = declarations(owner);
        }
    }

    /** table → mutability class, as declared in table_mutability; for the other database suites. */
    static Map<String, String> declaredClasses(Connection connection) throws SQLException {
        Map<String, String> classes = new LinkedHashMap<>();
        declarations(connection).forEach((table, d) -> classes.put(table, d.mutability()));
        return classes;
    }

    @Test
    @DisplayName("P1-T-RK06 every table with a tenant_id declares how its rows may change")
    void everyTableIsClassified() {
        assertThat(tables).as("tables with a tenant_id").isNotEmpty();
        assertThat(tables)
                .as("tables without a row in table_mutability: classify them in a migration")
                .allSatisfy(table -> assertThat(declared).containsKey(table));
        assertThat(EVIDENCE)
                .allSatisfy(
                        table -> assertThat(declared.get(table).mutability()).isEqualTo("APPEND_ONLY"));
    }

    @Test
    @DisplayName("P1-T32 attack: the application role cannot delete or rewrite evidence of its own store")
    void evidenceCannotBeRewrittenByTheApplication() throws SQLException {
        List<String> rewritten = new ArrayList<>();
        for (String table : EVIDENCE) {
            seed(table, "acme", Map.of());
            for (String attempt : List.of(
                    "delete from " + table, "update " + table + " set created_at = created_at - interval '1 day'")) {
                try (Connection app = appIn("acme")) {
                    int rows = update(app, attempt);
                    rewritten.add(attempt + " changed " + rows + " row(s)");
                    app.rollback();
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).as(attempt).isEqualTo(REFUSED);
                }
            }
        }
        assertThat(rewritten).as("statements the application role got through").isEmpty();
    }

    @Test
    @DisplayName("P1-T32 attack: the application role removes no transcript line through the retention function unless"
            + " it is archived, and cannot rewrite the declarations")
    void retentionFunctionAndDeclarationsHoldAgainstTheApplication() throws SQLException {
        seed("traces", "acme", Map.of());
        try (Connection app = appIn("acme");
                PreparedStatement retire = app.prepareStatement(
                        "select autobiz_retire_traces('acme', run_id, id, id, now()) from traces")) {
            assertThatThrownBy(retire::executeQuery)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("are not archived: not removed")
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo(REFUSED);
        }
        try (Connection app = appIn("acme")) {
            assertThat(count(app, "select count(*) from traces")).isEqualTo(1);
            for (String rewrite : List.of(
                    "update table_mutability set mutability = 'MUTABLE'",
                    "delete from table_mutability",
                    "insert into table_mutability (table_name, mutability, reason) values ('x', 'MUTABLE', 'x')")) {
                assertThatThrownBy(() -> update(app, rewrite))
                        .as(rewrite)
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState())
                        .isEqualTo(REFUSED);
                app.rollback();
            }
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    @DisplayName("P1-T-RK06 matrix: every command, context and store as the application role; zero cross-store effects")
    void commandContextStoreMatrix() throws SQLException {
        for (String table : tables) {
            for (String store : STORES) {
                Declared d = declared.get(table);
                seed(table, store, statusOverride(d, d == null ? null : d.firstStatus()));
            }
        }
        Map<String, String> before = snapshots();
        List<String> failures = new ArrayList<>();
        int attempts = 0;
        int refusals = 0;
        for (String table : tables) {
            Declared d = declared.get(table);
            if (d == null) {
                failures.add(table + ": no declared mutability class");
                continue;
            }
            for (String context : contexts()) {
                for (String store : STORES) {
                    boolean own = store.equals(context);
                    String other = STORES.get(1 - STORES.indexOf(store));
                    boolean appendOnly = d.mutability().equals("APPEND_ONLY");
                    boolean deletable = switch (d.mutability()) {
                        case "MUTABLE" -> true;
                        case "TRANSITION_ONLY" -> d.deletable().contains(d.firstStatus());
                        default -> false;
                    };
                    Map<String, Expect> commands = new LinkedHashMap<>();
                    commands.put(
                            "select count(*) from " + table + " where tenant_id = '" + store + "'",
                            Expect.rows(own ? 1 : 0));
                    commands.put("insert " + table + " of " + store, own ? Expect.allowed() : Expect.refused());
                    commands.put(
                            "update " + table + " set updated_at = updated_at where tenant_id = '" + store + "'",
                            appendOnly ? Expect.refused() : Expect.rows(own ? 1 : 0));
                    commands.put(
                            "update " + table + " set tenant_id = '" + other + "' where tenant_id = '" + store + "'",
                            appendOnly || own ? Expect.refused() : Expect.rows(0));
                    commands.put(
                            "delete from " + table + " where tenant_id = '" + store + "'",
                            appendOnly || (own && !deletable) ? Expect.refused() : Expect.rows(own ? 1 : 0));
                    for (Map.Entry<String, Expect> command : commands.entrySet()) {
                        attempts++;
                        String outcome = attempt(table, context, store, command.getKey());
                        if (outcome.equals("refused")) {
                            refusals++;
                        }
                        if (!command.getValue().matches(outcome)) {
                            failures.add(table + " in context " + context + " against " + store + ": "
                                    + command.getKey() + " -> " + outcome + ", expected "
                                    + command.getValue().outcome());
                        }
                    }
                }
            }
        }
        Map<String, String> after = snapshots();
        long crossStoreEffects = before.keySet().stream()
                .filter(key -> !before.get(key).equals(after.get(key)))
                .count();
        System.out.printf(
                "mutability matrix: %d tables (%s), %d attempts, %d refused, %d allowed, %d cross-store effects%n",
                tables.size(), classCounts(), attempts, refusals, attempts - refusals, crossStoreEffects);
        assertThat(failures)
                .as("matrix outcomes that differ from the declared rules")
                .isEmpty();
        assertThat(after).as("every store's rows after the matrix").isEqualTo(before);
    }

    @Test
    @DisplayName("P1-T16 P1-T-RK06 transition-only tables: declared moves pass, any other move, a fixed or set-once"
            + " column rewritten, a delete out of turn are refused")
    void transitionRulesHold() throws SQLException {
        List<String> failures = new ArrayList<>();
        int attempts = 0;
        for (Declared d : declared.values()) {
            if (!d.mutability().equals("TRANSITION_ONLY")) {
                continue;
            }
            String table = d.table();
            String status = d.statusColumn();
            for (String from : d.statuses()) {
                for (String to : d.statuses()) {
                    if (from.equals(to)) {
                        continue;
                    }
                    attempts++;
                    String expected = d.transitions().contains(from + ">" + to) ? "1 row(s)" : "refused";
                    String outcome = onFreshRow(d, from, "update " + table + " set " + status + " = '" + to + "'");
                    if (!outcome.equals(expected)) {
                        failures.add(table + " " + from + " -> " + to + ": " + outcome + ", expected " + expected);
                    }
                }
                attempts++;
                String expected = d.deletable().contains(from) ? "1 row(s)" : "refused";
                String outcome = onFreshRow(d, from, "delete from " + table);
                if (!outcome.equals(expected)) {
                    failures.add(table + " delete in " + from + ": " + outcome + ", expected " + expected);
                }
            }
            for (String column : d.fixed()) {
                attempts++;
                String outcome = onFreshRow(
                        d, d.firstStatus(), "update " + table + " set " + column + " = " + changed(table, column));
                if (!outcome.equals("refused")) {
                    failures.add(table + " fixed column " + column + " rewritten: " + outcome);
                }
            }
            for (String column : d.setOnce()) {
                attempts += 2;
                String outcome = onFreshRow(
                        d,
                        d.firstStatus(),
                        "update " + table + " set " + column + " = " + valueOf(table, column, 1),
                        "update " + table + " set " + column + " = " + valueOf(table, column, 2));
                if (!outcome.equals("1 row(s), refused")) {
                    failures.add(table + " set-once column " + column + " written twice: " + outcome);
                }
            }
        }
        System.out.printf("transition rules: %d attempts%n", attempts);
        assertThat(attempts).isPositive();
        assertThat(failures).isEmpty();
    }

    private record Expect(String outcome) {
        static Expect rows(int rows) {
            return new Expect(rows + " row(s)");
        }

        static Expect refused() {
            return new Expect("refused");
        }

        /** Not refused: a row was inserted, or the store's only row of a table keyed by store was already there. */
        static Expect allowed() {
            return new Expect("allowed");
        }

        boolean matches(String actual) {
            return outcome.equals("allowed") ? !actual.equals("refused") : outcome.equals(actual);
        }
    }

    private static List<String> contexts() {
        List<String> contexts = new ArrayList<>(STORES);
        contexts.add("none");
        return contexts;
    }

    private String classCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        declared.values().forEach(d -> counts.merge(d.mutability(), 1, Integer::sum));
        return counts.toString();
    }

    /**
     * One attempt in its own transaction as the application role. Against another store (or with no store) it is
     * committed, so that a write that crossed would stay and show in the snapshots; against its own store it is rolled
     * back, so the seeded rows stay for the next attempt.
     */
    private String attempt(String table, String context, String store, String command) throws SQLException {
        try (Connection app = database.appDataSource().getConnection()) {
            app.setAutoCommit(false);
            if (!context.equals("none")) {
                setTenant(app, context);
            }
            String outcome;
            try {
                if (command.startsWith("insert ")) {
                    Declared d = declared.get(table);
                    RowLevelSecurityAttackIT.RowFactory.insert(app, table, store, statusOverride(d, d.firstStatus()));
                    outcome = "1 row(s)";
                } else if (command.startsWith("select ")) {
                    try (Statement statement = app.createStatement();
                            ResultSet rows = statement.executeQuery(command)) {
                        rows.next();
                        outcome = rows.getLong(1) + " row(s)";
                    }
                } else {
                    outcome = update(app, command) + " row(s)";
                }
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    outcome = "allowed (the store's row exists)";
                } else if (REFUSED.equals(e.getSQLState())) {
                    outcome = "refused";
                } else {
                    throw e;
                }
            }
            if (store.equals(context) || outcome.equals("refused")) {
                app.rollback();
            } else {
                app.commit();
            }
            return outcome;
        }
    }

    /** Seeds one row in status {@code from} as the owner, runs the statements as the application role, rolls back. */
    private String onFreshRow(Declared d, String from, String... statements) throws SQLException {
        String key = seed(d.table(), "acme", statusOverride(d, from));
        List<String> outcomes = new ArrayList<>();
        try (Connection app = appIn("acme")) {
            for (String statement : statements) {
                try {
                    outcomes.add(update(app, statement + " where " + key) + " row(s)");
                } catch (SQLException e) {
                    if (!REFUSED.equals(e.getSQLState())) {
                        throw e;
                    }
                    outcomes.add("refused");
                    break;
                }
            }
            app.rollback();
        }
        return String.join(", ", outcomes);
    }

    private Map<String, String> statusOverride(Declared d, String status) {
        return d == null || d.statusColumn() == null ? Map.of() : Map.of(d.statusColumn(), status);
    }

    /**
     * Seeds one row as the owner (in the store's context: row-level security is forced on the owner too) and answers a
     * condition on its primary key that finds it again.
     */
    private String seed(String table, String store, Map<String, String> overrides) throws SQLException {
        try (Connection owner = database.ownerDataSource().getConnection()) {
            owner.setAutoCommit(false);
            setTenant(owner, store);
            RowLevelSecurityAttackIT.RowFactory.insert(owner, table, store, overrides);
            List<String> key = strings(
                    owner,
                    "select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid"
                            + " and a.attnum = any(i.indkey) where i.indrelid = '" + table
                            + "'::regclass and i.indisprimary");
            List<String> conditions = new ArrayList<>();
            for (String column : key) {
                List<String> value = strings(
                        owner, "select " + column + "::text from " + table + " where xmin = pg_current_xact_id()::xid");
                conditions.add(column + "::text = '" + value.get(0) + "'");
            }
            owner.commit();
            return String.join(" and ", conditions);
        }
    }

    /** Every store's rows of every table, as the owner: a digest per table and store. */
    private Map<String, String> snapshots() throws SQLException {
        Map<String, String> digests = new LinkedHashMap<>();
        try (Connection owner = database.ownerDataSource().getConnection()) {
            owner.setAutoCommit(false);
            for (String store : STORES) {
                setTenant(owner, store);
                for (String table : tables) {
                    try (Statement statement = owner.createStatement();
                            ResultSet row = statement.executeQuery("select count(*) || ':' || coalesce(md5(string_agg("
                                    + "t::text, '|' order by t::text)), '') from " + table + " t")) {
                        row.next();
                        digests.put(table + "@" + store, row.getString(1));
                    }
                }
                owner.commit();
            }
        }
        return digests;
    }

    /** An SQL expression that gives the column another value of its type. */
    private String changed(String table, String column) throws SQLException {
        String type = typeOf(table, column);
        return switch (type) {
            case "bpchar" -> "translate(coalesce(" + column + ", 'a'), 'abcdef0123456789', 'bcdefa1234567890')";
            case "varchar", "text" -> "'z' || substr(coalesce(" + column + ", 'x'), 2)";
            case "int2", "int4", "int8" -> "coalesce(" + column + ", 0) + 1";
            case "bool" -> "not coalesce(" + column + ", false)";
            case "timestamptz", "timestamp" -> "coalesce(" + column + ", now()) + interval '1 second'";
            default -> throw new IllegalStateException("no changed value for " + table + "." + column + " " + type);
        };
    }

    private String valueOf(String table, String column, int n) throws SQLException {
        return switch (typeOf(table, column)) {
            case "timestamptz", "timestamp" -> "timestamptz '2026-01-0" + n + "T00:00:00Z'";
            default -> "'value " + n + "'";
        };
    }

    private String typeOf(String table, String column) throws SQLException {
        try (Connection owner = database.ownerDataSource().getConnection()) {
            List<String> types = strings(
                    owner,
                    "select t.typname from pg_attribute a join pg_type t on t.oid = a.atttypid where a.attrelid = '"
                            + table + "'::regclass and a.attname = '" + column + "'");
            assertThat(types).as("declared column %s.%s exists", table, column).hasSize(1);
            return types.get(0);
        }
    }

    private static Map<String, Declared> declarations(Connection connection) throws SQLException {
        Map<String, Declared> declared = new LinkedHashMap<>();
        if (strings(connection, "select to_regclass('table_mutability')::text").get(0) == null) {
            return declared; // a schema before V60: nothing is declared, and everyTableIsClassified says so
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select table_name, mutability, status_column, transitions,"
                        + " fixed_columns, set_once_columns, deletable_statuses from table_mutability")) {
            while (rows.next()) {
                declared.put(
                        rows.getString(1),
                        new Declared(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                words(rows.getString(4)),
                                words(rows.getString(5)),
                                words(rows.getString(6)),
                                words(rows.getString(7))));
            }
        }
        return declared;
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.asList(text.trim().split(" +"));
    }

    private Connection appIn(String tenant) throws SQLException {
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
}
