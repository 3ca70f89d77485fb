package io.autobiz.perf;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The database the soak reads (only reads) to know when the system has settled and what came of its events, and that
 * the invariant checker reads: locally the fresh test database as its owner; against a staging deployment a role that
 * sees every store ({@code -Dsoak.db.url}, {@code -Dsoak.db.user}, {@code -Dsoak.db.password}).
 */
record SoakDatabase(String url, String user, String password) {

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Work on one connection. */
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /**
     * Reads a store's rows of its tenant-scoped tables: they have row-level security forced even for their owner
     * (V22 and after), so the read runs in a transaction whose tenant context is the store, and is rolled back.
     */
    <T> T inStore(String store, Work<T> work) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (var context = connection.prepareStatement("select set_tenant_context(?)")) {
                context.setString(1, store);
                context.execute();
            }
            try {
                return work.on(connection);
            } finally {
                connection.rollback();
            }
        }
    }

    @Override
    public String toString() {
        return url + " as " + user;
    }
}
