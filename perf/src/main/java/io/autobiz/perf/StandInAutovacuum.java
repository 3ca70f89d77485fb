package io.autobiz.perf;

import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a harness database's planner statistics current when its PostgreSQL runs without autovacuum, as this machine's
 * CI configuration does (for the speed of the test suite). Without statistics the planner takes the engine's
 * fast-growing tables for empty and plans nested loops that cost seconds a query after a few thousand runs (12 s for
 * WF01's check of the order's other runs, 0.2 ms once analyzed), which a deployment, where autovacuum is on by default,
 * would not see: a harness would measure the machine's configuration instead of the application. With autovacuum on it
 * does nothing.
 */
final class StandInAutovacuum implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "soak-analyze");
        thread.setDaemon(true);
        return thread;
    });

    private StandInAutovacuum() {}

    /** {@link #start(SoakDatabase, Duration)} for a harness's fresh test database, read as its owner. */
    static StandInAutovacuum start(TestDatabase database, Duration every) {
        return start(new SoakDatabase(database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD), every);
    }

    /** Starts analyzing every {@code every} if the database's autovacuum is off; says so once. */
    static StandInAutovacuum start(SoakDatabase database, Duration every) {
        StandInAutovacuum standIn = new StandInAutovacuum();
        try {
            if (autovacuumOff(database)) {
                System.out.printf(
                        "perf: the database runs with autovacuum off; the harness analyzes it every %d s instead%n",
                        every.toSeconds());
                standIn.timer.scheduleWithFixedDelay(
                        () -> analyze(database), every.toSeconds(), every.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (SQLException e) {
            System.out.printf("perf: cannot tell whether autovacuum is on (%s); not analyzing%n", e.getMessage());
        }
        return standIn;
    }

    private static boolean autovacuumOff(SoakDatabase database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet setting = statement.executeQuery("show autovacuum")) {
            return setting.next() && "off".equals(setting.getString(1));
        }
    }

    private static void analyze(SoakDatabase database) {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("analyze");
        } catch (SQLException e) {
            System.out.printf("perf: analyze failed (%s); again later%n", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
