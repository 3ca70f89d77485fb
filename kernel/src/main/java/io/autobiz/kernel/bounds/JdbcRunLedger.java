package io.autobiz.kernel.bounds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run ledger in {@code run_ledger} and {@code tenant_money_daily}, each change in a short transaction of its own
 * with the rows locked ({@code select ... for update}), so parallel branches of one run, and parallel runs of one
 * store, cannot both spend the same remaining budget.
 */
public final class JdbcRunLedger implements RunLedger {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final TenantJdbc jdbc;

    public JdbcRunLedger(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public <T> T apply(RunContext run, Instant now, Optional<LocalDate> moneyDay, Change<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.inNewTransaction(run.tenant(), connection -> {
                    RunEntry entry = lockOrCreate(connection, run, now);
                    if (moneyDay.isPresent()) {
                        entry.moneyToday = lockDay(connection, run, moneyDay.get(), now);
                    }
                    T result = change.apply(entry);
                    write(connection, run, entry, now);
                    if (moneyDay.isPresent()) {
                        writeDay(connection, run, moneyDay.get(), entry.moneyToday, now);
                    }
                    return result;
                });
            } catch (RuntimeException e) {
                // Two first calls of one run (or of one store's day) may both try to create its row; the loser
                // retries and finds it.
                if (attempt < 3 && isUniqueViolation(e)) {
                    continue;
                }
                throw e;
            }
        }
    }

    @Override
    public Optional<RunEntry> find(RunContext run) {
        return jdbc.inTransaction(run.tenant(), connection -> Optional.ofNullable(select(connection, run, false)));
    }

    private static RunEntry lockOrCreate(Connection connection, RunContext run, Instant now) throws SQLException {
        RunEntry entry = select(connection, run, true);
        if (entry != null) {
            return entry;
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into run_ledger (tenant_id, run_id,"
                + " workflow, started_at, recent_calls, created_at, updated_at) values (?, ?, ?, ?, '[]', ?, ?)")) {
            Timestamp at = Timestamp.from(now);
            insert.setString(1, run.tenant().value());
            insert.setString(2, run.runId());
            insert.setString(3, run.workflow());
            insert.setTimestamp(4, at);
            insert.setTimestamp(5, at);
            insert.setTimestamp(6, at);
            insert.executeUpdate();
        }
        return new RunEntry(now);
    }

    private static RunEntry select(Connection connection, RunContext run, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select started_at, steps, tool_calls, tokens,"
                + " money_at_risk_minor, recent_calls, terminated_reason, config_sha256 from run_ledger"
                + " where tenant_id = ? and run_id = ?" + (forUpdate ? " for update" : ""))) {
            select.setString(1, run.tenant().value());
            select.setString(2, run.runId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                RunEntry entry = new RunEntry();
                entry.startedAt = row.getTimestamp("started_at").toInstant();
                entry.steps = row.getLong("steps");
                entry.toolCalls = row.getLong("tool_calls");
                entry.tokens = row.getLong("tokens");
                entry.moneyAtRisk = row.getLong("money_at_risk_minor");
                entry.recentCalls = new ArrayList<>(parse(row.getString("recent_calls")));
                entry.terminatedReason = row.getString("terminated_reason");
                entry.configSha256 = row.getString("config_sha256");
                return entry;
            }
        }
    }

    private static long lockDay(Connection connection, RunContext run, LocalDate day, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select money_at_risk_minor from tenant_money_daily"
                + " where tenant_id = ? and money_day = ? for update")) {
            select.setString(1, run.tenant().value());
            select.setDate(2, Date.valueOf(day));
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return row.getLong(1);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into tenant_money_daily (tenant_id,"
                + " money_day, money_at_risk_minor, created_at, updated_at) values (?, ?, 0, ?, ?)")) {
            insert.setString(1, run.tenant().value());
            insert.setDate(2, Date.valueOf(day));
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
        return 0;
    }

    private static void write(Connection connection, RunContext run, RunEntry entry, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update run_ledger set steps = ?, tool_calls = ?,"
                + " tokens = ?, money_at_risk_minor = ?, recent_calls = ?, terminated_reason = ?, config_sha256 = ?,"
                + " updated_at = ? where tenant_id = ? and run_id = ?")) {
            int i = 1;
            update.setLong(i++, entry.steps);
            update.setLong(i++, entry.toolCalls);
            update.setLong(i++, entry.tokens);
            update.setLong(i++, entry.moneyAtRisk);
            update.setString(i++, Json.mapper().writeValueAsString(entry.recentCalls));
            update.setString(i++, entry.terminatedReason);
            update.setString(i++, entry.configSha256);
            update.setTimestamp(i++, Timestamp.from(now));
            update.setString(i++, run.tenant().value());
            update.setString(i, run.runId());
            update.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recent calls cannot be written", e);
        }
    }

    private static void writeDay(Connection connection, RunContext run, LocalDate day, long total, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update tenant_money_daily set"
                + " money_at_risk_minor = ?, updated_at = ? where tenant_id = ? and money_day = ?")) {
            update.setLong(1, total);
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, run.tenant().value());
            update.setDate(4, Date.valueOf(day));
            update.executeUpdate();
        }
    }

    private static List<String> parse(String json) {
        try {
            return Json.mapper().readValue(json, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("run_ledger.recent_calls is not a JSON array of strings", e);
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
