package io.autobiz.kernel.hitl;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.ToolId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where approval requests are kept ({@code hitl_requests}). Every method works within one store. */
@KernelApi
public interface ApprovalRequests {

    void insert(ApprovalRequest request);

    Optional<ApprovalRequest> find(TenantId tenant, String requestId);

    /** The requests of one run for one tool, newest first. */
    List<ApprovalRequest> forRun(TenantId tenant, String runId, ToolId tool);

    /** The request an approval task decides: the one {@link #attachTask} linked to it. */
    Optional<ApprovalRequest> forTask(TenantId tenant, String taskId);

    /** Links a request to the task that asks for it, once: a request already linked keeps its task. */
    void attachTask(TenantId tenant, String requestId, String taskId);

    /**
     * Moves a PENDING request to its final status; false when it was no longer PENDING (decided elsewhere, or timed
     * out), in which case nothing changed.
     */
    boolean settle(
            TenantId tenant,
            String requestId,
            ApprovalStatus status,
            String approverId,
            String comment,
            Instant decidedAt);

    /** The store's open requests, oldest first: the backlog. */
    List<ApprovalRequest> pending(TenantId tenant);

    /** Approval requests in the database, under the store's row-level security. */
    static ApprovalRequests onDatabase(TenantJdbc jdbc) {
        return new JdbcApprovalRequests(jdbc);
    }
}
