package io.autobiz.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * One store's rows, read in a transaction whose tenant context is that store ({@code set_tenant_context}): under
 * forced row-level security even the schema owner sees a store's rows only so. Traces and trace archives are not kept:
 * they are streamed through the leak scanner as they are read.
 */
final class StoreRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sandbox ledgers SOAK-INV-01 and -04 read (V67's sandbox_objects kinds). */
    static final List<String> LEDGER_KINDS = List.of(
            "stripe.payment_intent",
            "stripe.idempotent_request",
            "stripe.refund",
            "printful.order",
            "sendgrid.mail",
            "slack.message");

    record Event(String id, String source, String type, String entityId, String status) {}

    record Drift(
            String id,
            String status,
            String eventId,
            String approvalRef,
            String decidedBy,
            String entityType,
            String entityId,
            String driftKind,
            boolean financial) {}

    record Receipt(
            String id,
            long seq,
            String runId,
            String tool,
            String sideEffect,
            String internalKey,
            String providerObjectId,
            Long amountMinor,
            String currency,
            Instant createdAt) {}

    record Approval(
            String id,
            String runId,
            String tool,
            String argsSha256,
            Long amountMinor,
            String currency,
            String status,
            Instant decidedAt) {}

    /** A row that belongs to a run: its table, how it is named, and the run. */
    record RunRef(String table, String row, String runId) {}

    record LedgerObject(String kind, String id, String ref, JsonNode body) {}

    final String store;
    final List<Event> events = new ArrayList<>();
    final List<Drift> drifts = new ArrayList<>();
    final List<Receipt> receipts = new ArrayList<>();
    final List<Approval> approvals = new ArrayList<>();
    final List<RunRef> runRefs = new ArrayList<>();
    final List<LedgerObject> ledger = new ArrayList<>();
    /** Trace line ID to the receipt it names. */
    final Map<Long, String> traceReceipts = new HashMap<>();
    /** The redacted input of the trace line of each FINANCIAL receipt. */
    final Map<String, String> financialInputs = new HashMap<>();
    /** Lines of traces and trace archives scanned, and what was found where. */
    long scannedLines;

    final List<String> leaks = new ArrayList<>();

    private StoreRows(String store) {
        this.store = store;
    }

    static StoreRows read(Connection connection, String store, LeakScanner scanner) throws SQLException {
        StoreRows rows = new StoreRows(store);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement context = connection.prepareStatement("select set_tenant_context(?)")) {
                context.setString(1, store);
                context.executeQuery().close();
            }
            rows.readAll(connection, scanner);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return rows;
    }

    private void readAll(Connection c, LeakScanner scanner) throws SQLException {
        Engine.query(
                c,
                "select event_id, source, event_type, entity_id, status from event_store where tenant_id = ?"
                        + " order by received_at, event_id",
                row -> events.add(new Event(
                        row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5))),
                store);
        Engine.query(
                c,
                "select reconciliation_id, status, event_id, approval_ref, decided_by, entity_type, entity_id,"
                        + " drift_kind, financial from reconciliation where tenant_id = ? order by created_at",
                row -> drifts.add(new Drift(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        row.getString(7),
                        row.getString(8),
                        row.getBoolean(9))),
                store);
        Engine.query(
                c,
                "select receipt_id, chain_seq, execution_id, tool, side_effect, internal_key, provider_object_id,"
                        + " amount_minor, currency, created_at from receipts where tenant_id = ? order by chain_seq",
                row -> receipts.add(new Receipt(
                        row.getString(1),
                        row.getLong(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        row.getString(7),
                        longOrNull(row, 8),
                        row.getString(9),
                        row.getTimestamp(10).toInstant())),
                store);
        Engine.query(
                c,
                "select request_id, process_instance_id, tool, args_sha256, amount_minor, currency, status, decided_at"
                        + " from hitl_requests where tenant_id = ? order by created_at",
                row -> approvals.add(new Approval(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        longOrNull(row, 5),
                        row.getString(6),
                        row.getString(7),
                        instantOrNull(row.getTimestamp(8)))),
                store);
        for (Receipt receipt : receipts) {
            runRefs.add(new RunRef("receipts", receipt.id(), receipt.runId()));
        }
        for (Approval approval : approvals) {
            if (approval.runId() != null) {
                runRefs.add(new RunRef("hitl_requests", approval.id(), approval.runId()));
            }
        }
        Engine.query(
                c,
                "select run_id, min(id), count(*) from traces where tenant_id = ? group by run_id",
                row -> runRefs.add(new RunRef(
                        "traces", "lines " + row.getLong(2) + ".. (" + row.getLong(3) + " lines)", row.getString(1))),
                store);
        Engine.query(
                c,
                "select run_id from run_ledger where tenant_id = ?",
                row -> runRefs.add(new RunRef("run_ledger", row.getString(1), row.getString(1))),
                store);
        Engine.query(
                c,
                "select run_id, min(entity_id) from state_versions where tenant_id = ? and run_id is not null"
                        + " group by run_id",
                row -> runRefs.add(new RunRef("state_versions", row.getString(2), row.getString(1))),
                store);
        Engine.query(
                c,
                "select internal_key, execution_id from idempotency_records where tenant_id = ?",
                row -> runRefs.add(new RunRef("idempotency_records", row.getString(1), row.getString(2))),
                store);
        Set<String> financial = new HashSet<>();
        receipts.stream().filter(r -> "FINANCIAL".equals(r.sideEffect())).forEach(r -> financial.add(r.id()));
        Engine.query(
                c,
                "select id, run_id, receipt_id, principal, detail, input, output, error_code from traces"
                        + " where tenant_id = ? order by id",
                row -> {
                    long id = row.getLong(1);
                    String receipt = row.getString(3);
                    if (receipt != null) {
                        traceReceipts.put(id, receipt);
                        if (financial.contains(receipt)) {
                            financialInputs.put(receipt, row.getString(6));
                        }
                    }
                    scannedLines++;
                    String[] columns = {"principal", "detail", "input", "output", "error_code"};
                    for (int i = 0; i < columns.length; i++) {
                        for (String kind : scanner.scan(row.getString(4 + i))) {
                            leaks.add("traces " + id + " (store " + store + ", run " + row.getString(2) + ") column "
                                    + columns[i] + ": " + kind);
                        }
                    }
                },
                store);
        Engine.query(
                c,
                "select id, run_id, payload from trace_archives where tenant_id = ? order by id",
                row -> {
                    scannedLines++;
                    for (String kind : scanner.scan(archiveText(row.getString(3)))) {
                        leaks.add("trace_archives " + row.getLong(1) + " (store " + store + ", run " + row.getString(2)
                                + "): " + kind);
                    }
                },
                store);
        Engine.query(
                c,
                "select kind, object_id, ref, body from sandbox_objects where tenant_id = ? and kind = any (?)"
                        + " order by seq",
                row -> ledger.add(new LedgerObject(
                        row.getString(1), row.getString(2), row.getString(3), parse(row.getString(4)))),
                store,
                c.createArrayOf("varchar", LEDGER_KINDS.toArray()));
    }

    /** The warm tier keeps a run's lines gzip-compressed in base64; what is scanned is the lines themselves. */
    static String archiveText(String payload) {
        if (payload == null || payload.isEmpty()) {
            return payload;
        }
        try (GZIPInputStream in =
                new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(payload)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException notCompressed) {
            return payload;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static Long longOrNull(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Instant instantOrNull(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
