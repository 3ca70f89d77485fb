package io.autobiz.app.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.h2.api.Trigger;

/**
 * The H2 (quick start) counterpart of PostgreSQL's {@code autobiz_check_transition} (V61): reads its table's row of
 * {@code table_mutability} when bound and refuses an undeclared move of the status column, a change of a fixed column,
 * a second write of a set-once column and a DELETE outside the deletable statuses. Bound by migration
 * {@code db/migration/h2/V62}.
 */
public final class TransitionH2Trigger implements Trigger {

    private String table;
    private Map<String, Integer> positions;
    private String statusColumn;
    private List<String> transitions;
    private List<String> fixed;
    private List<String> setOnce;
    private List<String> deletable;

    @Override
    public void init(
            Connection connection, String schemaName, String triggerName, String tableName, boolean before, int type)
            throws SQLException {
        table = tableName.toLowerCase(Locale.ROOT);
        try (PreparedStatement declared = connection.prepareStatement("select status_column, transitions,"
                + " fixed_columns, set_once_columns, deletable_statuses from table_mutability where table_name = ?")) {
            declared.setString(1, table);
            try (ResultSet row = declared.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException(table + ": no row in table_mutability declares how it may change");
                }
                statusColumn = row.getString(1);
                transitions = words(row.getString(2));
                fixed = words(row.getString(3));
                setOnce = words(row.getString(4));
                deletable = words(row.getString(5));
            }
        }
        positions = new HashMap<>();
        try (PreparedStatement columns = connection.prepareStatement("select lower(column_name), ordinal_position"
                + " from information_schema.columns where lower(table_name) = ? and table_schema = ?")) {
            columns.setString(1, table);
            columns.setString(2, schemaName);
            try (ResultSet rows = columns.executeQuery()) {
                while (rows.next()) {
                    positions.put(rows.getString(1), rows.getInt(2) - 1);
                }
            }
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        String from = String.valueOf(value(oldRow, statusColumn));
        if (newRow == null) {
            if (!deletable.contains(from)) {
                throw refused("a row in status " + from + " cannot be deleted");
            }
            return;
        }
        String to = String.valueOf(value(newRow, statusColumn));
        if (!from.equals(to) && !transitions.contains(from + ">" + to)) {
            throw refused(statusColumn + " may not move from " + from + " to " + to);
        }
        for (String column : fixed) {
            if (!Objects.equals(value(oldRow, column), value(newRow, column))) {
                throw refused("column " + column + " never changes once written");
            }
        }
        for (String column : setOnce) {
            Object before = value(oldRow, column);
            if (before != null && !Objects.equals(before, value(newRow, column))) {
                throw refused("column " + column + " is written once");
            }
        }
    }

    private Object value(Object[] row, String column) {
        Integer position = positions.get(column);
        return position == null ? null : row[position];
    }

    private SQLException refused(String what) {
        return new SQLException(table + ": " + what + " (transition-only, table_mutability)", "42501");
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.asList(text.trim().split(" +"));
    }
}
