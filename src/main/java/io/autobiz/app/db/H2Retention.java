package io.autobiz.app.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * H2 (the quick start) counterparts of PostgreSQL's retention functions (V61), bound as aliases by migration
 * {@code db/migration/h2/V62}: the same names and rules, so {@code TraceRetention} runs unchanged on both databases. On
 * H2 the application is the database's owner, so these do not keep anyone out; they keep the rule the same.
 */
public final class H2Retention {

    private H2Retention() {}

    /** Removes transcript lines of a run that an archive row already holds; refuses lines that are not archived. */
    public static int retireTraces(
            Connection connection, String tenant, String runId, long first, long last, Timestamp cutoff)
            throws SQLException {
        try (PreparedStatement archived = connection.prepareStatement("select count(*) from trace_archives a"
                + " where a.tenant_id = ? and a.run_id = ? and a.first_trace_id = ? and a.last_trace_id = ?"
                + " and a.events = (select count(*) from traces t where t.tenant_id = ? and t.run_id = ?"
                + " and t.id between ? and ? and t.created_at < ?)")) {
            int i = 1;
            archived.setString(i++, tenant);
            archived.setString(i++, runId);
            archived.setLong(i++, first);
            archived.setLong(i++, last);
            archived.setString(i++, tenant);
            archived.setString(i++, runId);
            archived.setLong(i++, first);
            archived.setLong(i++, last);
            archived.setTimestamp(i, cutoff);
            try (ResultSet rows = archived.executeQuery()) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    throw new SQLException(
                            "traces of run " + runId + " (" + first + " to " + last + ") are not archived: not removed",
                            "42501");
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from traces where tenant_id = ? and run_id = ? and id between ? and ? and created_at < ?")) {
            delete.setString(1, tenant);
            delete.setString(2, runId);
            delete.setLong(3, first);
            delete.setLong(4, last);
            delete.setTimestamp(5, cutoff);
            return delete.executeUpdate();
        }
    }

    /** Empties a warm archive once the cold tier wrote it to a file; an archive is exported once. */
    public static int markTraceArchiveExported(Connection connection, String tenant, long id, String file, Timestamp at)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update trace_archives set payload = '',"
                + " exported_at = ?, export_file = ?, updated_at = ? where tenant_id = ? and id = ?"
                + " and exported_at is null")) {
            update.setTimestamp(1, at);
            update.setString(2, file);
            update.setTimestamp(3, at);
            update.setString(4, tenant);
            update.setLong(5, id);
            return update.executeUpdate();
        }
    }
}
