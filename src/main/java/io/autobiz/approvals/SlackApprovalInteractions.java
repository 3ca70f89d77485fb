package io.autobiz.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.delegates.ProcessVariables;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A click on Approve or Deny in Slack, after the webhook ingress verified Slack's signature for the store. The Slack
 * user is mapped to the store's approver ({@code autobiz.approvals.slack.<store>.approvers}); the Camunda task is then
 * completed <em>as that approver</em>, so the same listener, the same group check and the same single decision apply
 * as in Tasklist. A click by anyone not mapped, or mapped to someone who may not approve, is refused, counted
 * ({@code slack_approval_refused_total{reason}}) and recorded as a security incident; the task stays open.
 */
public final class SlackApprovalInteractions {

    private static final Logger log = LoggerFactory.getLogger(SlackApprovalInteractions.class);

    /** What came of a click; {@code message} is shown to the clicker in Slack. */
    public record Outcome(boolean decided, String message) {}

    private final ApprovalProperties properties;
    private final Approvals approvals;
    private final TaskService tasks;
    private final IdentityService identity;
    private final SecurityIncidents incidents;
    private final MeterRegistry meters;

    public SlackApprovalInteractions(
            ApprovalProperties properties,
            Approvals approvals,
            TaskService tasks,
            IdentityService identity,
            SecurityIncidents incidents,
            MeterRegistry meters) {
        this.properties = properties;
        this.approvals = approvals;
        this.tasks = tasks;
        this.identity = identity;
        this.incidents = incidents;
        this.meters = meters;
    }

    /** @param payload the interaction's JSON ({@code payload=} of the form body), signature already verified */
    public Outcome handle(TenantId tenant, JsonNode payload) {
        if (!"block_actions".equals(payload.path("type").asText())) {
            return refused(tenant, "unsupported", "only button clicks on approvals are handled here", null);
        }
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asText();
        boolean approve = SlackApprovalMessages.APPROVE.equals(actionId);
        if (!approve && !SlackApprovalMessages.DENY.equals(actionId)) {
            return refused(tenant, "unsupported", "not an approval button", null);
        }
        String slackUser = payload.path("user").path("id").asText();
        String requestId = action.path("value").asText();
        ApprovalProperties.SlackApprovals slack = properties.slack().get(tenant.value());
        String approver = slack == null ? null : slack.approvers().get(slackUser);
        if (approver == null) {
            return refused(
                    tenant,
                    "unmapped_user",
                    "you are not one of this store's approvers",
                    "Slack user " + slackUser + " is not mapped to an approver and clicked on approval " + requestId);
        }
        Optional<ApprovalRequest> request = approvals.find(tenant, requestId);
        if (request.isEmpty() || request.get().taskId() == null) {
            return refused(tenant, "unknown_request", "this approval does not exist in this store", null);
        }
        if (request.get().status() != ApprovalStatus.PENDING) {
            return new Outcome(false, "already " + request.get().status() + decidedBy(request.get()));
        }
        return completeAs(tenant, approver, slackUser, request.get(), approve);
    }

    private Outcome completeAs(
            TenantId tenant, String approver, String slackUser, ApprovalRequest request, boolean approve) {
        List<String> groups = identity.createGroupQuery().groupMember(approver).list().stream()
                .map(Group::getId)
                .toList();
        List<String> tenants =
                identity.createTenantQuery().userMember(approver).includingGroupsOfUser(true).list().stream()
                        .map(Tenant::getId)
                        .toList();
        identity.setAuthentication(approver, groups, tenants);
        try {
            tasks.complete(
                    request.taskId(),
                    Map.of(
                            ProcessVariables.APPROVED,
                            approve,
                            ProcessVariables.APPROVAL_COMMENT,
                            "decided in Slack by " + slackUser));
        } catch (ProcessEngineException e) {
            return refused(
                    tenant,
                    "refused_by_engine",
                    "your decision was not accepted: " + e.getMessage(),
                    "Slack user " + slackUser + " (" + approver + ") was refused on approval " + request.id());
        } finally {
            identity.clearAuthentication();
        }
        meters.counter("slack_approval_decided_total", "tenant", tenant.value()).increment();
        log.info("approval {} of {} decided in Slack by {} as {}", request.id(), tenant, slackUser, approver);
        return new Outcome(true, (approve ? "approved" : "denied") + " as " + approver);
    }

    private Outcome refused(TenantId tenant, String reason, String message, String incident) {
        meters.counter("slack_approval_refused_total", "reason", reason).increment();
        if (incident != null) {
            incidents.record(SecurityIncident.of(tenant, "slack", SecurityIncident.Channel.SLACK, incident));
        }
        log.warn("Slack approval click refused for {}: {} ({})", tenant, reason, message);
        return new Outcome(false, message);
    }

    private static String decidedBy(ApprovalRequest request) {
        return request.approverId() == null ? "" : " by " + request.approverId();
    }
}
