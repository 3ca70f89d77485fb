package io.autobiz.kernel.trace;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Tiered transcript retention, one pass per tenant:
 *
 * <ol>
 *   <li><b>hot → warm</b>: transcript lines older than {@code hot} are moved, per run, into one {@code trace_archives}
 *       row: the lines as JSON Lines, gzip-compressed and base64-encoded, with the SHA-256 of the uncompressed text;
 *   <li><b>warm → cold</b>: archive rows older than {@code warm} are written to {@code <exportDir>/<tenant>/} as
 *       {@code .jsonl.gz} files and their payload is cleared, keeping the row (file name, hash, range) as the index.
 * </ol>
 *
 * Each run's move is one transaction, so a line is either hot or archived, never both or lost. Lines are already
 * redacted when written, so nothing here needs to look inside them.
 *
 * <p>{@code traces} and {@code trace_archives} are append-only to the application role (issue 22, {@code
 * table_mutability}): lines leave, and archives are emptied, only through the database's retention functions
 * {@code autobiz_retire_traces} and {@code autobiz_mark_trace_archive_exported} (V61; H2: V62), which remove only lines
 * that the archive row written in the same transaction holds. Without UPDATE the role cannot lock rows ({@code FOR
 * UPDATE}); two passes racing on one run are told apart by the count the function removed, and the second rolls back.
 */
@KernelApi
public final class TraceRetention {

    /** What one pass did. */
    public record Pass(int archivedLines, int archives, int exported) {}

    private final TenantJdbc jdbc;
    private final Clock clock;
    private final Duration hot;
    private final Duration warm;
    private final Path exportDir;

    public TraceRetention(TenantJdbc jdbc, Clock clock, Duration hot, Duration warm, Path exportDir) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.clock = Objects.requireNonNull(clock);
        this.hot = Objects.requireNonNull(hot);
        this.warm = Objects.requireNonNull(warm);
        this.exportDir = Objects.requireNonNull(exportDir);
        if (hot.isNegative() || warm.isNegative()) {
            throw new IllegalArgumentException("retention periods cannot be negative");
        }
    }

    public Pass run(TenantId tenant) {
        Instant now = clock.instant();
        Instant hotCutoff = now.minus(hot);
        int lines = 0;
        int archives = 0;
        for (String runId : runsOlderThan(tenant, hotCutoff)) {
            int moved = jdbc.inNewTransaction(tenant, connection -> archive(connection, tenant, runId, hotCutoff, now));
            if (moved > 0) {
                lines += moved;
                archives++;
            }
        }
        int exported = export(tenant, now.minus(warm), now);
        return new Pass(lines, archives, exported);
    }

    private List<String> runsOlderThan(TenantId tenant, Instant cutoff) {
        return jdbc.inNewTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select distinct run_id from traces where tenant_id = ? and created_at < ?")) {
                select.setString(1, tenant.value());
                select.setTimestamp(2, Timestamp.from(cutoff));
                try (ResultSet rows = select.executeQuery()) {
                    List<String> runs = new ArrayList<>();
                    while (rows.next()) {
                        runs.add(rows.getString(1));
                    }
                    return runs;
                }
            }
        });
    }

    private static int archive(Connection connection, TenantId tenant, String runId, Instant cutoff, Instant now)
            throws SQLException {
        StringBuilder jsonLines = new StringBuilder();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Instant firstAt = null;
        Instant lastAt = null;
        int count = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "select * from traces" + " where tenant_id = ? and run_id = ? and created_at < ? order by id")) {
            select.setString(1, tenant.value());
            select.setString(2, runId);
            select.setTimestamp(3, Timestamp.from(cutoff));
            try (ResultSet rows = select.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                while (rows.next()) {
                    jsonLines.append(lineOf(rows, meta)).append('\n');
                    long id = rows.getLong("id");
                    Instant at = rows.getTimestamp("created_at").toInstant();
                    first = Math.min(first, id);
                    last = Math.max(last, id);
                    firstAt = firstAt == null || at.isBefore(firstAt) ? at : firstAt;
                    lastAt = lastAt == null || at.isAfter(lastAt) ? at : lastAt;
                    count++;
                }
            }
        }
        if (count == 0) {
            return 0;
        }
        String text = jsonLines.toString();
        try (PreparedStatement insert = connection.prepareStatement("insert into trace_archives (tenant_id, run_id,"
                + " first_trace_id, last_trace_id, events, first_at, last_at, payload, payload_sha256, created_at,"
                + " updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            insert.setString(i++, tenant.value());
            insert.setString(i++, runId);
            insert.setLong(i++, first);
            insert.setLong(i++, last);
            insert.setInt(i++, count);
            insert.setTimestamp(i++, Timestamp.from(firstAt));
            insert.setTimestamp(i++, Timestamp.from(lastAt));
            insert.setString(i++, Base64.getEncoder().encodeToString(gzip(text)));
            insert.setString(i++, Digests.sha256Hex(text));
            insert.setTimestamp(i++, Timestamp.from(now));
            insert.setTimestamp(i, Timestamp.from(now));
            insert.executeUpdate();
        }
        // traces is append-only (table_mutability): the application role cannot DELETE its lines, only retire ones
        // that the archive row just written holds, through the database's retention function (V61; H2: V62).
        try (PreparedStatement retire = connection.prepareStatement("select autobiz_retire_traces(?, ?, ?, ?, ?)")) {
            retire.setString(1, tenant.value());
            retire.setString(2, runId);
            retire.setLong(3, first);
            retire.setLong(4, last);
            retire.setTimestamp(5, Timestamp.from(cutoff));
            int deleted;
            try (ResultSet removed = retire.executeQuery()) {
                removed.next();
                deleted = removed.getInt(1);
            }
            if (deleted != count) {
                throw new SQLException("archived " + count + " lines of run " + runId + " but deleted " + deleted);
            }
        }
        return count;
    }

    private int export(TenantId tenant, Instant cutoff, Instant now) {
        return jdbc.inNewTransaction(tenant, connection -> {
            int exported = 0;
            List<Object[]> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select id, run_id, payload from trace_archives"
                    + " where tenant_id = ? and exported_at is null and created_at < ? order by id")) {
                select.setString(1, tenant.value());
                select.setTimestamp(2, Timestamp.from(cutoff));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(new Object[] {rows.getLong(1), rows.getString(2), rows.getString(3)});
                    }
                }
            }
            for (Object[] archive : due) {
                Path file = exportDir
                        .resolve(tenant.value())
                        .resolve(safe((String) archive[1]) + "-" + archive[0] + ".jsonl.gz");
                try {
                    Files.createDirectories(file.getParent());
                    Files.write(file, Base64.getDecoder().decode((String) archive[2]));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not export trace archive " + archive[0] + " to " + file, e);
                }
                // trace_archives is append-only: its payload is emptied only through the retention function.
                try (PreparedStatement exportedAt =
                        connection.prepareStatement("select autobiz_mark_trace_archive_exported(?, ?, ?, ?)")) {
                    exportedAt.setString(1, tenant.value());
                    exportedAt.setLong(2, (Long) archive[0]);
                    exportedAt.setString(3, file.toString());
                    exportedAt.setTimestamp(4, Timestamp.from(now));
                    exportedAt.executeQuery().close();
                }
                exported++;
            }
            return exported;
        });
    }

    /** One transcript line as a JSON object of its columns. */
    private static String lineOf(ResultSet row, ResultSetMetaData meta) throws SQLException {
        com.fasterxml.jackson.databind.node.ObjectNode line = io.autobiz.kernel.json.Json.object();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            String column = meta.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT);
            Object value = row.getObject(c);
            if (value == null) {
                line.putNull(column);
            } else if (value instanceof Number number) {
                line.put(column, number.longValue());
            } else if (value instanceof Boolean flag) {
                line.put(column, flag);
            } else if (value instanceof Timestamp timestamp) {
                line.put(column, timestamp.toInstant().toString());
            } else {
                line.put(column, value.toString());
            }
        }
        return io.autobiz.kernel.json.Json.write(line);
    }

    private static String safe(String runId) {
        return runId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
