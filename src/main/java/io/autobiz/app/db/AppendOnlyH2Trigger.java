package io.autobiz.app.db;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * Makes a table append-only on H2 (the quick start), as PostgreSQL's {@code receipts_append_only} trigger does there:
 * every UPDATE and DELETE of a row is refused. Bound by migration {@code db/migration/h2/V33}.
 */
public final class AppendOnlyH2Trigger implements Trigger {

    private String table = "the table";

    @Override
    public void init(
            Connection connection, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException(
                table.toLowerCase(java.util.Locale.ROOT) + " are append-only: " + (newRow == null ? "DELETE" : "UPDATE")
                        + " refused",
                "42501");
    }
}
