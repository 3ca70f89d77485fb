package io.autobiz.kernel.hitl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.ToolId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Approval requests in {@code hitl_requests}, in the caller's transaction (the job's, in a workflow), so a request
 * exists exactly when the process step that asked for it committed. Row-level security keeps each store to its own.
 */
public final class JdbcApprovalRequests implements ApprovalRequests {

    private static final String COLUMNS = "request_id, tenant_id, process_instance_id, task_id, tool, args_sha256,"
            + " amount_minor, currency, reason, status, approver_id, decision_comment, expires_at, decided_at,"
            + " created_at, approved_facts, requested_by";

    private final TenantJdbc jdbc;

    public JdbcApprovalRequests(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(ApprovalRequest request) {
        jdbc.inTransaction(request.tenant(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into hitl_requests (" + COLUMNS
                    + ", updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, request.id());
                insert.setString(2, request.tenant().value());
                insert.setString(3, request.runId());
                insert.setString(4, request.taskId());
                insert.setString(5, request.tool().toString());
                insert.setString(6, request.argumentsSha256());
                if (request.amountMinor() == null) {
                    insert.setNull(7, Types.BIGINT);
                } else {
                    insert.setLong(7, request.amountMinor());
                }
                insert.setString(8, request.currency());
                insert.setString(9, request.reason());
                insert.setString(10, request.status().name());
                insert.setString(11, request.approverId());
                insert.setString(12, request.comment());
                insert.setTimestamp(13, timestamp(request.expiresAt()));
                insert.setTimestamp(14, timestamp(request.decidedAt()));
                insert.setTimestamp(15, timestamp(request.createdAt()));
                insert.setString(16, CanonicalJson.canonicalize(request.facts()));
                insert.setString(17, request.requestedBy());
                insert.setTimestamp(18, timestamp(request.createdAt()));
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<ApprovalRequest> find(TenantId tenant, String requestId) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from hitl_requests where tenant_id = ? and request_id = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, requestId);
                List<ApprovalRequest> found = read(select);
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public List<ApprovalRequest> forRun(TenantId tenant, String runId, ToolId tool) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select " + COLUMNS
                    + " from hitl_requests where tenant_id = ? and process_instance_id = ? and tool = ?"
                    + " order by created_at desc")) {
                select.setString(1, tenant.value());
                select.setString(2, runId);
                select.setString(3, tool.toString());
                return read(select);
            }
        });
    }

    @Override
    public Optional<ApprovalRequest> forTask(TenantId tenant, String taskId) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from hitl_requests where tenant_id = ? and task_id = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, taskId);
                return read(select).stream().findFirst();
            }
        });
    }

    @Override
    public void attachTask(TenantId tenant, String requestId, String taskId) {
        jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update hitl_requests set task_id = ?, updated_at = ? where tenant_id = ? and request_id = ?"
                            // One task per request: a second task cannot take over a request already linked.
                            + " and task_id is null")) {
                update.setString(1, taskId);
                update.setTimestamp(2, timestamp(Instant.now()));
                update.setString(3, tenant.value());
                update.setString(4, requestId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean settle(
            TenantId tenant,
            String requestId,
            ApprovalStatus status,
            String approverId,
            String comment,
            Instant decidedAt) {
        if (status == ApprovalStatus.PENDING) {
            throw new IllegalArgumentException("a request is settled to a final status, not PENDING");
        }
        return jdbc.inTransaction(tenant, connection -> {
            // The status condition makes the decision single-use: of two approvers deciding at once, one wins.
            try (PreparedStatement update = connection.prepareStatement("update hitl_requests set status = ?,"
                    + " approver_id = ?, decision_comment = ?, decided_at = ?, updated_at = ?"
                    + " where tenant_id = ? and request_id = ? and status = 'PENDING'")) {
                update.setString(1, status.name());
                update.setString(2, approverId);
                update.setString(3, comment);
                update.setTimestamp(4, timestamp(decidedAt));
                update.setTimestamp(5, timestamp(decidedAt));
                update.setString(6, tenant.value());
                update.setString(7, requestId);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<ApprovalRequest> pending(TenantId tenant) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select " + COLUMNS
                    + " from hitl_requests where tenant_id = ? and status = 'PENDING' order by created_at")) {
                select.setString(1, tenant.value());
                return read(select);
            }
        });
    }

    private static List<ApprovalRequest> read(PreparedStatement select) throws SQLException {
        List<ApprovalRequest> requests = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                long amountValue = row.getLong("amount_minor");
                Long amount = row.wasNull() ? null : amountValue;
                requests.add(new ApprovalRequest(
                        row.getString("request_id"),
                        TenantId.of(row.getString("tenant_id")),
                        row.getString("process_instance_id"),
                        ToolId.parse(row.getString("tool")),
                        row.getString("args_sha256"),
                        amount,
                        row.getString("currency"),
                        row.getString("reason"),
                        ApprovalStatus.valueOf(row.getString("status")),
                        row.getString("task_id"),
                        instant(row.getTimestamp("expires_at")),
                        row.getString("approver_id"),
                        row.getString("decision_comment"),
                        instant(row.getTimestamp("decided_at")),
                        instant(row.getTimestamp("created_at")),
                        factsOf(row.getString("approved_facts")),
                        row.getString("requested_by")));
            }
        }
        return requests;
    }

    /** Requests made before V52 have no facts column value: nothing was declared. */
    private static ObjectNode factsOf(String json) {
        return json == null ? Json.object() : (ObjectNode) Json.parse(json);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
