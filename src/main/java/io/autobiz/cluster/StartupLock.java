package io.autobiz.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * One node at a time provisions at start-up. The start-up runners (the administrator, the stores' tenants and
 * approver groups, their secrets and BusinessConfigs, the daily-closeout deployments) each check what exists and then
 * create what is missing; two nodes starting together on one database would both see "missing" and both create it,
 * and the second insert fails on a unique key (the administrator's authorization, `act_uniq_auth_user`) and stops
 * that node's start-up. So the runners run under a PostgreSQL advisory lock, taken before the first runner and let go
 * once the application is ready (or failed, or closed): a second node waits for the first one's runners and then
 * finds everything there. Flyway and the engine's deployments have locks of their own and run before the runners.
 * On H2 (the quick start, one node) there is nothing to share and no lock is taken.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartupLock implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupLock.class);
    /** The lock's key; advisory locks are per database, so other databases on the same server never wait for it. */
    private static final String KEY = "hashtext('autobiz.startup')";

    private final DataSource dataSource;
    private final ClusterProperties properties;
    private Connection held;

    StartupLock(DataSource dataSource, ClusterProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public synchronized void run(ApplicationArguments args) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                connection.close();
                return;
            }
            connection.setAutoCommit(true); // a session lock, held across the runners' own transactions
            long started = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                statement.execute("select pg_advisory_lock(" + KEY + ")");
            }
            held = connection;
            log.info(
                    "node {} holds the start-up lock (waited {} ms)",
                    properties.nodeId(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @EventListener({ApplicationReadyEvent.class, ApplicationFailedEvent.class, ContextClosedEvent.class})
    synchronized void release() {
        if (held == null) {
            return;
        }
        try (Connection connection = held;
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_unlock(" + KEY + ")");
        } catch (SQLException e) {
            // Closing the connection ends the session, and PostgreSQL drops its advisory locks with it.
            log.warn("start-up lock released by closing its connection ({})", e.toString());
        } finally {
            held = null;
        }
    }
}
