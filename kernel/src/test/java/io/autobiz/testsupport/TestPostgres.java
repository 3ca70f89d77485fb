package io.autobiz.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Finds a PostgreSQL server for the tests and hands out fresh databases on it.
 *
 * <p>Where the server comes from, first match wins:
 *
 * <ol>
 *   <li>{@code AUTOBIZ_TEST_JDBC_URL} (with {@code AUTOBIZ_TEST_JDBC_USER}/{@code AUTOBIZ_TEST_JDBC_PASSWORD}), a role
 *       that may create databases and roles;
 *   <li>the local server at {@code 127.0.0.1:5432}, database {@code test}, user {@code postgres};
 *   <li>a Testcontainers PostgreSQL, where Docker is available;
 *   <li>otherwise the tests fail, saying how to provide one.
 * </ol>
 *
 * <p>Each database is owned by a test owner role that runs the migrations; the tests then connect as a test
 * application role that owns nothing, as the application does in production. Databases are dropped when the JVM
 * exits; leftovers of killed runs older than a day are dropped on the next run.
 */
public final class TestPostgres {

    /** Any fixed number: the advisory lock that serialises role set-up across test runs on one server. */
    private static final long ROLE_SETUP_LOCK = 4_246_113L;

    public static final String OWNER_ROLE = "autobiz_test_owner";
    public static final String APP_ROLE = "autobiz_test_app";
    /** Test-only passwords for test-only roles; a trust-auth server ignores them. */
    public static final String OWNER_PASSWORD = "test-owner-not-a-secret";

    public static final String APP_PASSWORD = "test-app-not-a-secret";

    private static final String DATABASE_PREFIX = "autobiz_it_";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private static Server server;
    private static final List<String> created = new ArrayList<>();

    private TestPostgres() {}

    /** A new, empty database on the test server, owned by {@link #OWNER_ROLE}. */
    public static synchronized TestDatabase newDatabase() {
        Server s = server();
        String name = DATABASE_PREFIX + LocalDateTime.now().format(STAMP) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000000, Integer.MAX_VALUE));
        s.execute("create database " + name + " owner " + OWNER_ROLE);
        created.add(name);
        String url = s.urlFor(name);
        try (Connection admin = DriverManager.getConnection(url, s.adminProperties());
                Statement statement = admin.createStatement()) {
            statement.execute("alter schema public owner to " + OWNER_ROLE);
            statement.execute("revoke create on schema public from public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(name, url, repositoryRoot());
    }

    private static synchronized Server server() {
        if (server == null) {
            server = locate();
            server.ensureRoles();
            server.dropStaleDatabases();
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated, "drop-test-databases"));
        }
        return server;
    }

    private static synchronized void dropCreated() {
        for (String name : created) {
            try {
                server.execute("drop database if exists " + name + " with (force)");
            } catch (RuntimeException ignored) {
                // Best effort at exit; the next run drops what is left.
            }
        }
    }

    private static Server locate() {
        String url = System.getenv("AUTOBIZ_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            Server fromEnv = new Server(
                    url, envOr("AUTOBIZ_TEST_JDBC_USER", "postgres"), envOr("AUTOBIZ_TEST_JDBC_PASSWORD", ""));
            fromEnv.check("AUTOBIZ_TEST_JDBC_URL");
            return fromEnv;
        }
        Server local = new Server("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        if (local.reachable()) {
            return local;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
            container.start();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        throw new IllegalStateException("""
                The tests need a PostgreSQL server and found none. Provide one of:
                  - a local PostgreSQL on 127.0.0.1:5432 with a database 'test' that user 'postgres' can reach
                    (Debian: apt install postgresql; then pg_ctlcluster 15 main start),
                  - AUTOBIZ_TEST_JDBC_URL (+ AUTOBIZ_TEST_JDBC_USER / AUTOBIZ_TEST_JDBC_PASSWORD) for a role that
                    may create databases and roles,
                  - or a running Docker engine, for Testcontainers.""");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** The repository root: the nearest directory upwards that holds db/migration. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("db/migration/common"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "cannot find db/migration above " + Path.of("").toAbsolutePath());
    }

    private record Server(String url, String user, String password) {

        Properties adminProperties() {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            properties.setProperty("connectTimeout", "3");
            return properties;
        }

        boolean reachable() {
            try (Connection connection = DriverManager.getConnection(url, adminProperties())) {
                return connection.isValid(3);
            } catch (SQLException e) {
                return false;
            }
        }

        void check(String source) {
            if (!reachable()) {
                throw new IllegalStateException("the PostgreSQL server named by " + source + " (" + url
                        + ") does not accept a connection as " + user);
            }
        }

        /** A URL for another database on the same server. */
        String urlFor(String database) {
            int slash = url.indexOf('/', "jdbc:postgresql://".length());
            int query = url.indexOf('?', slash);
            String suffix = query < 0 ? "" : url.substring(query);
            return url.substring(0, slash + 1) + database + suffix;
        }

        /**
         * Roles are per server, and parallel test runs (several builds on one machine) would race on them: two
         * concurrent {@code alter role}s of one role fail with "tuple concurrently updated". A session-level advisory
         * lock makes the runs take turns.
         */
        void ensureRoles() {
            try (Connection admin = DriverManager.getConnection(url, adminProperties());
                    Statement statement = admin.createStatement()) {
                statement.execute("select pg_advisory_lock(" + ROLE_SETUP_LOCK + ")");
                try {
                    for (String[] role : new String[][] {{OWNER_ROLE, OWNER_PASSWORD}, {APP_ROLE, APP_PASSWORD}}) {
                        statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role[0]
                                + "') then create role " + role[0] + " login; end if; end $$");
                        statement.execute("alter role " + role[0] + " with login nosuperuser nobypassrls password '"
                                + role[1] + "'");
                    }
                } finally {
                    statement.execute("select pg_advisory_unlock(" + ROLE_SETUP_LOCK + ")");
                }
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "test PostgreSQL refused to set up the test roles: " + e.getMessage(), e);
            }
        }

        void dropStaleDatabases() {
            String cutoff = LocalDateTime.now().minusDays(1).format(STAMP);
            List<String> stale = new ArrayList<>();
            try (Connection admin = DriverManager.getConnection(url, adminProperties());
                    Statement statement = admin.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "select datname from pg_database where datname like '" + DATABASE_PREFIX + "%'")) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    String stamp = name.substring(DATABASE_PREFIX.length()).split("_")[0];
                    if (stamp.compareTo(cutoff) < 0) {
                        stale.add(name);
                    }
                }
            } catch (SQLException e) {
                return;
            }
            for (String name : stale) {
                try {
                    execute("drop database if exists " + name + " with (force)");
                } catch (IllegalStateException ignored) {
                    // In use by another run; it will go next time.
                }
            }
        }

        void execute(String sql) {
            try (Connection admin = DriverManager.getConnection(url, adminProperties());
                    Statement statement = admin.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("test PostgreSQL refused: " + sql + " (" + e.getMessage() + ")", e);
            }
        }
    }
}
