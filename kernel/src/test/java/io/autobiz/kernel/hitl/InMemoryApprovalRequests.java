package io.autobiz.kernel.hitl;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The approval store as a list, for tests of the logic above it. Same single-use rule as the database. */
public final class InMemoryApprovalRequests implements ApprovalRequests {

    private final List<ApprovalRequest> requests = new ArrayList<>();

    @Override
    public synchronized void insert(ApprovalRequest request) {
        requests.add(request);
    }

    @Override
    public synchronized Optional<ApprovalRequest> find(TenantId tenant, String requestId) {
        return requests.stream()
                .filter(r -> r.tenant().equals(tenant) && r.id().equals(requestId))
                .findFirst();
    }

    @Override
    public synchronized List<ApprovalRequest> forRun(TenantId tenant, String runId, ToolId tool) {
        return requests.stream()
                .filter(r -> r.tenant().equals(tenant)
                        && r.runId().equals(runId)
                        && r.tool().equals(tool))
                .sorted(Comparator.comparing(ApprovalRequest::createdAt).reversed())
                .toList();
    }

    @Override
    public synchronized Optional<ApprovalRequest> forTask(TenantId tenant, String taskId) {
        return requests.stream()
                .filter(r -> r.tenant().equals(tenant) && taskId.equals(r.taskId()))
                .findFirst();
    }

    @Override
    public synchronized void attachTask(TenantId tenant, String requestId, String taskId) {
        replace(
                tenant,
                requestId,
                r -> r.taskId() != null ? r : with(r, r.status(), taskId, r.approverId(), r.comment(), r.decidedAt()));
    }

    @Override
    public synchronized boolean settle(
            TenantId tenant, String requestId, ApprovalStatus status, String approverId, String comment, Instant at) {
        Optional<ApprovalRequest> found = find(tenant, requestId);
        if (found.isEmpty() || found.get().status() != ApprovalStatus.PENDING) {
            return false;
        }
        replace(tenant, requestId, r -> with(r, status, r.taskId(), approverId, comment, at));
        return true;
    }

    @Override
    public synchronized List<ApprovalRequest> pending(TenantId tenant) {
        return requests.stream()
                .filter(r -> r.tenant().equals(tenant) && r.status() == ApprovalStatus.PENDING)
                .toList();
    }

    /** Rewrites a request's arguments hash, as a tampering database owner could; for the gate's tests. */
    public synchronized void overwriteArgumentsHash(TenantId tenant, String requestId, String sha256) {
        replace(
                tenant,
                requestId,
                r -> new ApprovalRequest(
                        r.id(),
                        r.tenant(),
                        r.runId(),
                        r.tool(),
                        sha256,
                        r.amountMinor(),
                        r.currency(),
                        r.reason(),
                        r.status(),
                        r.taskId(),
                        r.expiresAt(),
                        r.approverId(),
                        r.comment(),
                        r.decidedAt(),
                        r.createdAt(),
                        r.facts(),
                        r.requestedBy()));
    }

    private void replace(TenantId tenant, String requestId, java.util.function.UnaryOperator<ApprovalRequest> change) {
        for (int i = 0; i < requests.size(); i++) {
            ApprovalRequest r = requests.get(i);
            if (r.tenant().equals(tenant) && r.id().equals(requestId)) {
                requests.set(i, change.apply(r));
            }
        }
    }

    private static ApprovalRequest with(
            ApprovalRequest r, ApprovalStatus status, String taskId, String approverId, String comment, Instant at) {
        return new ApprovalRequest(
                r.id(),
                r.tenant(),
                r.runId(),
                r.tool(),
                r.argumentsSha256(),
                r.amountMinor(),
                r.currency(),
                r.reason(),
                status,
                taskId,
                r.expiresAt(),
                approverId,
                comment,
                at,
                r.createdAt(),
                r.facts(),
                r.requestedBy());
    }
}
