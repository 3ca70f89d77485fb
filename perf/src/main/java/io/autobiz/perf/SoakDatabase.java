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

    @Override
    public String toString() {
        return url + " as " + user;
    }
}
