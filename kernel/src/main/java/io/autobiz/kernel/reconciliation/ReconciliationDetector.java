package io.autobiz.kernel.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares local truth with provider truth, field by field, and records each drift once in {@code reconciliation}.
 * Non-financial drift (an order's or fulfilment's status, a tracking number) is repaired at once, in whichever
 * direction the {@link LocalTruth} knows to be right (a missed shipment is taken from Printful; a cancellation that
 * did not take effect is made again in Shopify), and the row says both values, what was done and by whom. Financial drift (amounts, currencies, captures, refunds; every field of a
 * payment or refund) becomes AWAITING_APPROVAL: WF07 ({@code daily-closeout}) takes it up ({@link #takeUpForApproval}),
 * opens a Camunda approval task for its repair call and records the outcome ({@link #recordRepairedAfterApproval},
 * {@link #recordDenied}, {@link #recordApprovalTimedOut}). Nothing here moves money.
 */
public final class ReconciliationDetector {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationDetector.class);
    /** Who repairs non-financial drift, in the audit record. */
    public static final String AUTOMATIC = "autobiz:reconciliation";

    private static final Set<String> FINANCIAL_WORDS = Set.of("amount", "currency", "capture", "refund", "total");

    /** Row states. */
    public enum Status {
        OPEN,
        REPAIRED,
        AWAITING_APPROVAL,
        DISMISSED,
        REPAIR_FAILED,
        APPROVAL_TIMED_OUT,
        /** A financial drift no call can repair, looked into and settled by a person of the approvers group. */
        RESOLVED_BY_OPERATOR
    }

    /** A financial drift taken up by a closeout run, with the call that would repair it (empty: none is known). */
    public record PendingApproval(Row row, Optional<LocalTruth.FinancialRepair> repair) {}

    /** What one run found. */
    public record Report(int checked, List<Drift> drifts, List<String> unreadable) {}

    /** A reconciliation row as operators see it. */
    public record Row(
            String reconciliationId,
            String entityType,
            String entityId,
            String driftKind,
            String field,
            boolean financial,
            String localValue,
            String providerValue,
            Status status,
            String resolution,
            String decidedBy,
            String approvalRef,
            String eventId) {}

    private final TenantJdbc jdbc;
    private final LocalTruth local;
    private final KernelExecutor kernel;
    private final MeterRegistry meters;
    private final Clock clock;

    public ReconciliationDetector(
            TenantJdbc jdbc, LocalTruth local, KernelExecutor kernel, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.local = local;
        this.kernel = kernel;
        this.meters = meters;
        this.clock = clock;
    }

    /** One pass over the store's records; {@code run} is the kernel run the provider reads are charged to. */
    public Report run(RunContext run) {
        TenantId tenant = run.tenant();
        List<Drift> found = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<LocalTruth.LocalRecord> records = local.recordsToCheck(tenant);
        for (LocalTruth.LocalRecord record : records) {
            JsonNode provider;
            try {
                provider = kernel.execute(run, new ToolCall(record.providerRead(), record.readInput()))
                        .output();
            } catch (KernelError e) {
                // A provider that cannot be read is not drift: it is reported and read again on the next run.
                unreadable.add(record.entityId() + ": " + e.qualifiedCode());
                meters.counter("reconciliation_unreadable_total", "code", e.qualifiedCode())
                        .increment();
                continue;
            }
            for (Map.Entry<String, String> expected : record.expected().entrySet()) {
                JsonNode actual = provider.at(expected.getKey());
                String providerValue = actual.isMissingNode() || actual.isNull() ? null : actual.asText();
                if (java.util.Objects.equals(providerValue, expected.getValue())) {
                    continue;
                }
                if (alreadyOpen(tenant, record.entityId(), expected.getKey())) {
                    continue;
                }
                Drift drift = new Drift(
                        UUID.randomUUID().toString(),
                        tenant,
                        record.kind(),
                        record.entityId(),
                        expected.getKey(),
                        expected.getValue(),
                        providerValue,
                        isFinancial(record.kind(), expected.getKey()));
                found.add(drift);
                handle(run, drift);
            }
        }
        return new Report(records.size(), List.copyOf(found), List.copyOf(unreadable));
    }

    /**
     * Financial drifts awaiting an approval that no closeout has taken up yet, now assigned to {@code approvalRef}
     * (the closeout's process instance) so that no other run asks for them again; each with its repair call.
     */
    public List<PendingApproval> takeUpForApproval(TenantId tenant, String approvalRef) {
        List<PendingApproval> taken = new ArrayList<>();
        for (Row row : list(tenant, EnumSet.of(Status.AWAITING_APPROVAL))) {
            if (!row.financial() || row.approvalRef() != null) {
                continue;
            }
            // No call may be known to repair it (e.g. Stripe received less than AutoBiz captured): then it is taken
            // up all the same, for a person to look into in this closeout's investigation task; it is never repaired
            // by itself.
            Optional<LocalTruth.FinancialRepair> repair = local.financialRepair(toDrift(tenant, row));
            boolean assigned = jdbc.inTransaction(tenant, connection -> {
                try (PreparedStatement update = connection.prepareStatement("update reconciliation set approval_ref"
                        + " = ?, updated_at = ? where tenant_id = ? and reconciliation_id = ? and status = ? and"
                        + " approval_ref is null")) {
                    update.setString(1, approvalRef);
                    update.setTimestamp(2, Timestamp.from(clock.instant()));
                    update.setString(3, tenant.value());
                    update.setString(4, row.reconciliationId());
                    update.setString(5, Status.AWAITING_APPROVAL.name());
                    return update.executeUpdate() == 1;
                }
            });
            if (assigned) {
                taken.add(
                        new PendingApproval(find(tenant, row.reconciliationId()).orElseThrow(), repair));
            }
        }
        return taken;
    }

    /**
     * The financial drifts still awaiting a decision that the closeout {@code approvalRef} took up, in the order found:
     * those a call can repair ({@code repairable}: each gets an approval task) or those none can (a person looks into
     * them).
     */
    public List<String> takenUpBy(TenantId tenant, String approvalRef, boolean repairable) {
        return list(tenant, EnumSet.of(Status.AWAITING_APPROVAL)).stream()
                .filter(row -> row.financial() && approvalRef.equals(row.approvalRef()))
                .map(Row::reconciliationId)
                .filter(id -> repairOf(tenant, id).isPresent() == repairable)
                .toList();
    }

    /** The call that would repair a financial drift awaiting approval, built afresh from its row. */
    public Optional<LocalTruth.FinancialRepair> repairOf(TenantId tenant, String reconciliationId) {
        return local.financialRepair(toDrift(tenant, awaitingApproval(tenant, reconciliationId)));
    }

    /** The approved repair call ran: the row names the approver and what the call did. */
    public Row recordRepairedAfterApproval(TenantId tenant, String reconciliationId, String approver, String detail) {
        Row row = awaitingApproval(tenant, reconciliationId);
        update(
                tenant,
                reconciliationId,
                Status.REPAIRED,
                "approved; local " + row.localValue() + ", provider " + row.providerValue() + "; " + detail,
                approver);
        count(toDrift(tenant, row), "repaired_after_approval");
        log.info("financial drift {} of {} repaired, approved by {}", reconciliationId, tenant, approver);
        return find(tenant, reconciliationId).orElseThrow();
    }

    /** An approver refused the repair; nothing changes and the row says who decided. */
    public Row recordDenied(TenantId tenant, String reconciliationId, String approver, String reason) {
        Row row = awaitingApproval(tenant, reconciliationId);
        update(tenant, reconciliationId, Status.DISMISSED, "denied: " + reason, approver);
        count(toDrift(tenant, row), "denied");
        return find(tenant, reconciliationId).orElseThrow();
    }

    /** The kernel refused the repair call (its arguments were not the approved ones): nothing was repaired. */
    public Row recordRepairRefused(TenantId tenant, String reconciliationId, String reason) {
        Row row = awaitingApproval(tenant, reconciliationId);
        update(tenant, reconciliationId, Status.REPAIR_FAILED, "repair refused by the kernel: " + reason, null);
        count(toDrift(tenant, row), "repair_refused");
        return find(tenant, reconciliationId).orElseThrow();
    }

    /**
     * A person looked into a financial drift that no call can repair (the closeout's investigation task): settled, or
     * not; either way the row leaves AWAITING_APPROVAL and says who decided and what they did.
     */
    public Row recordInvestigated(
            TenantId tenant, String reconciliationId, String operator, boolean resolved, String note) {
        Row row = awaitingApproval(tenant, reconciliationId);
        if (repairOf(tenant, reconciliationId).isPresent()) {
            throw new ReconciliationException("reconciliation " + reconciliationId + " in store " + tenant
                    + " has a repair call: it is approved or denied, not investigated");
        }
        String what = note == null || note.isBlank() ? "no note" : note;
        update(
                tenant,
                reconciliationId,
                resolved ? Status.RESOLVED_BY_OPERATOR : Status.REPAIR_FAILED,
                (resolved ? "resolved by a person: " : "a person could not resolve it: ") + what,
                operator);
        count(toDrift(tenant, row), resolved ? "resolved_by_operator" : "unresolved_by_operator");
        log.info(
                "financial drift {} of {} investigated by {}: {}",
                reconciliationId,
                tenant,
                operator,
                resolved ? "resolved" : "not resolved");
        return find(tenant, reconciliationId).orElseThrow();
    }

    /** Nobody decided in time: nothing is repaired; the next reconciliation finds the drift again. */
    public Row recordApprovalTimedOut(TenantId tenant, String reconciliationId) {
        Row row = awaitingApproval(tenant, reconciliationId);
        update(
                tenant,
                reconciliationId,
                Status.APPROVAL_TIMED_OUT,
                "no decision in time (approval " + row.approvalRef() + "); nothing repaired",
                null);
        count(toDrift(tenant, row), "approval_timed_out");
        return find(tenant, reconciliationId).orElseThrow();
    }

    public List<Row> list(TenantId tenant, Set<Status> states) {
        return jdbc.inTransaction(tenant, connection -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    SELECT + " where tenant_id = ?" + " order by created_at, reconciliation_id")) {
                select.setString(1, tenant.value());
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        Row row = row(result);
                        if (states.contains(row.status())) {
                            rows.add(row);
                        }
                    }
                }
            }
            return rows;
        });
    }

    public Optional<Row> find(TenantId tenant, String reconciliationId) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement(SELECT + " where tenant_id = ? and reconciliation_id = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, reconciliationId);
                try (ResultSet result = select.executeQuery()) {
                    return result.next() ? Optional.of(row(result)) : Optional.empty();
                }
            }
        });
    }

    static boolean isFinancial(LocalTruth.Kind kind, String field) {
        if (kind == LocalTruth.Kind.PAYMENT || kind == LocalTruth.Kind.REFUND) {
            return true;
        }
        String lower = field.toLowerCase(Locale.ROOT);
        return FINANCIAL_WORDS.stream().anyMatch(lower::contains);
    }

    private void handle(RunContext run, Drift drift) {
        insert(drift);
        if (drift.financial()) {
            update(
                    drift.tenant(),
                    drift.reconciliationId(),
                    Status.AWAITING_APPROVAL,
                    "awaiting an approval task (daily-closeout)",
                    null);
            count(drift, "awaiting_approval");
            log.warn("financial drift on {} {} ({}) awaits an approval", drift.kind(), drift.entityId(), drift.field());
            return;
        }
        String detail;
        try {
            detail = local.repair(run, drift);
        } catch (RuntimeException e) {
            update(drift.tenant(), drift.reconciliationId(), Status.REPAIR_FAILED, "repair failed: " + e, AUTOMATIC);
            count(drift, "repair_failed");
            log.warn("repair of drift {} failed: {}", drift.reconciliationId(), e.toString());
            return;
        }
        update(
                drift.tenant(),
                drift.reconciliationId(),
                Status.REPAIRED,
                "local " + drift.localValue() + ", provider " + drift.providerValue() + "; " + detail,
                AUTOMATIC);
        count(drift, "repaired");
        log.info("drift on {} {} ({}) repaired automatically", drift.kind(), drift.entityId(), drift.field());
    }

    private void insert(Drift drift) {
        jdbc.inTransaction(drift.tenant(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into reconciliation"
                    + " (reconciliation_id, tenant_id, entity_type, entity_id, drift_kind, financial, local_value,"
                    + " provider_value, status, field_name, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(clock.instant());
                int i = 1;
                insert.setString(i++, drift.reconciliationId());
                insert.setString(i++, drift.tenant().value());
                insert.setString(i++, drift.kind().name().toLowerCase(Locale.ROOT));
                insert.setString(i++, drift.entityId().toString());
                insert.setString(i++, drift.financial() ? "FINANCIAL_DRIFT" : "STATE_DRIFT");
                insert.setBoolean(i++, drift.financial());
                insert.setString(i++, drift.localValue());
                insert.setString(i++, drift.providerValue());
                insert.setString(i++, Status.OPEN.name());
                insert.setString(i++, drift.field());
                insert.setTimestamp(i++, now);
                insert.setTimestamp(i, now);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private boolean alreadyOpen(TenantId tenant, EntityId entity, String field) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select 1 from reconciliation where tenant_id = ?"
                            + " and entity_id = ? and field_name = ? and status in (?, ?, ?)")) {
                select.setString(1, tenant.value());
                select.setString(2, entity.toString());
                select.setString(3, field);
                select.setString(4, Status.OPEN.name());
                select.setString(5, Status.AWAITING_APPROVAL.name());
                select.setString(6, Status.REPAIR_FAILED.name());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    private Row awaitingApproval(TenantId tenant, String reconciliationId) {
        Row row = find(tenant, reconciliationId)
                .orElseThrow(() ->
                        new ReconciliationException("no reconciliation " + reconciliationId + " in store " + tenant));
        if (!row.financial() || row.status() != Status.AWAITING_APPROVAL) {
            throw new ReconciliationException("reconciliation " + reconciliationId + " is " + row.status()
                    + (row.financial() ? "" : " and not financial") + "; only a financial drift awaiting approval"
                    + " can be decided");
        }
        return row;
    }

    private void update(TenantId tenant, String id, Status status, String resolution, String decidedBy) {
        jdbc.inTransaction(tenant, connection -> {
            updateRow(connection, tenant, id, status, resolution, decidedBy);
            return null;
        });
    }

    private void updateRow(
            Connection connection, TenantId tenant, String id, Status status, String resolution, String decidedBy)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update reconciliation set status = ?,"
                + " resolution = ?, decided_by = ?, resolved_at = ?, updated_at = ? where tenant_id = ? and"
                + " reconciliation_id = ?")) {
            Timestamp now = Timestamp.from(clock.instant());
            update.setString(1, status.name());
            update.setString(2, resolution);
            update.setString(3, decidedBy);
            update.setTimestamp(4, status == Status.AWAITING_APPROVAL ? null : now);
            update.setTimestamp(5, now);
            update.setString(6, tenant.value());
            update.setString(7, id);
            update.executeUpdate();
        }
    }

    private static Drift toDrift(TenantId tenant, Row row) {
        return new Drift(
                row.reconciliationId(),
                tenant,
                LocalTruth.Kind.valueOf(row.entityType().toUpperCase(Locale.ROOT)),
                EntityId.parse(row.entityId()),
                row.field(),
                row.localValue(),
                row.providerValue(),
                row.financial());
    }

    private void count(Drift drift, String outcome) {
        meters.counter(
                        "reconciliation_drift_total",
                        "kind",
                        drift.kind().name().toLowerCase(Locale.ROOT),
                        "financial",
                        String.valueOf(drift.financial()),
                        "outcome",
                        outcome)
                .increment();
    }

    private static final String SELECT = "select reconciliation_id, entity_type, entity_id, drift_kind, field_name,"
            + " financial, local_value, provider_value, status, resolution, decided_by, approval_ref, event_id"
            + " from reconciliation";

    private static Row row(ResultSet result) throws SQLException {
        String status = result.getString(9);
        return new Row(
                result.getString(1),
                result.getString(2),
                result.getString(3),
                result.getString(4),
                result.getString(5),
                result.getBoolean(6),
                result.getString(7),
                result.getString(8),
                Status.valueOf(status),
                result.getString(10),
                result.getString(11),
                result.getString(12),
                result.getString(13));
    }
}
