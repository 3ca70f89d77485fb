package io.autobiz.delegates;

import io.autobiz.kernel.hitl.ApprovalRefusedException;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <camunda:taskListener delegateExpression="${approvalTask}" event="create|complete|delete"/>} on an approval
 * user task.
 *
 * <ul>
 *   <li>create: links the task to the request its run just made (once: a request belongs to one task), gives it the
 *       request's deadline as its due date, and tells the
 *       store's approvers (Slack, when configured);
 *   <li>complete: finds the request <em>by this task</em> (never by a variable naming a request, which would let one
 *       task decide another's), records the decision as the <em>authenticated</em> user's (Tasklist login, REST Basic
 *       auth, or the Slack user's mapped approver), never as a process variable's; anyone outside the store's approvers
 *       group, and the person who asked (unless the store allows self-approval), is refused and the task stays open.
 *       Then the request's approved facts are written back over the run's variables, so the run goes on with what the
 *       approver saw, whatever was set meanwhile;
 *   <li>delete without a decision (the timer fired, or the instance was cancelled): the request times out. It never
 *       approves itself.
 * </ul>
 */
public class ApprovalTaskListener implements TaskListener {

    private static final Logger log = LoggerFactory.getLogger(ApprovalTaskListener.class);

    private final Approvals approvals;
    private final ApprovalNotifier notifier;

    public ApprovalTaskListener(Approvals approvals, ApprovalNotifier notifier) {
        this.approvals = Objects.requireNonNull(approvals);
        this.notifier = Objects.requireNonNull(notifier);
    }

    @Override
    public void notify(DelegateTask task) {
        switch (task.getEventName()) {
            case EVENTNAME_CREATE -> created(task);
            case EVENTNAME_COMPLETE -> completed(task);
            case EVENTNAME_DELETE -> deleted(task);
            default -> {
                // assignment, update and timeout events change nothing about the request
            }
        }
    }

    private void created(DelegateTask task) {
        TenantId tenant = tenantOf(task);
        String requestId = requestIdOf(task);
        approvals.attachTask(tenant, requestId, task.getId());
        ApprovalRequest request = approvals
                .find(tenant, requestId)
                .filter(found -> task.getId().equals(found.taskId()))
                .filter(found -> found.runId().equals(task.getProcessInstanceId()))
                .orElseThrow(() -> new ProcessEngineException("approval task '" + task.getTaskDefinitionKey()
                        + "' names approval request " + requestId + ", which is not an open request of this run"));
        // Tasklist shows and sorts by the due date: the moment the request times out.
        task.setDueDate(Date.from(request.expiresAt()));
        notifier.approvalWaiting(request, task.getId());
    }

    private void completed(DelegateTask task) {
        TenantId tenant = tenantOf(task);
        Authentication authentication =
                task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        String approver = authentication == null ? null : authentication.getUserId();
        boolean approved = answerOf(task);
        Object comment = task.getVariable(ProcessVariables.APPROVAL_COMMENT);
        ApprovalRequest decided;
        try {
            ApprovalRequest request = approvals
                    .forTask(tenant, task.getId())
                    .orElseThrow(() -> new ApprovalRefusedException(
                            ApprovalRefusedException.Reason.NOT_FOUND,
                            "approval task " + task.getId() + " has no approval request"));
            decided = approvals.decide(
                    tenant, request.id(), approver, approved, comment == null ? null : comment.toString());
        } catch (ApprovalRefusedException refused) {
            // The engine wraps what a listener throws (ENGINE-03051); the REST API finds the refusal in the causes
            // and answers with its status (approvals.ApprovalRefusalResponses).
            throw new ProcessEngineException(refused.getMessage(), refused);
        }
        List<String> rewritten = ApprovedFacts.restore(task.getExecution(), decided.facts());
        if (!rewritten.isEmpty()) {
            log.warn(
                    "approval request {}: variables {} differed from what was approved and were set back",
                    decided.id(),
                    rewritten);
        }
        // Later steps that name the request (WF07's outcome) read the one this task decided.
        task.getExecution().setVariable(ProcessVariables.APPROVAL_REQUEST_ID, decided.id());
        task.getExecution()
                .setVariable(
                        ProcessVariables.APPROVAL_DECISION,
                        decided.status() == ApprovalStatus.APPROVED ? "APPROVED" : "DENIED");
        notifier.approvalDecided(decided);
    }

    /** The form's radio answers "true"/"false" as text; the REST API and Slack send a boolean. */
    private static boolean answerOf(DelegateTask task) {
        Object answer = task.getVariable(ProcessVariables.APPROVED);
        if (answer instanceof Boolean approved) {
            return approved;
        }
        if ("true".equals(answer) || "false".equals(answer)) {
            return Boolean.parseBoolean((String) answer);
        }
        throw new InvalidDecisionException("approval task " + task.getId() + " needs the form's '"
                + ProcessVariables.APPROVED + "' answer (true or false), got "
                + (answer == null ? "none" : answer.getClass().getSimpleName()));
    }

    private void deleted(DelegateTask task) {
        TenantId tenant = tenantOf(task);
        approvals.forTask(tenant, task.getId()).ifPresent(request -> {
            if (approvals.expire(tenant, request.id())) {
                approvals.find(tenant, request.id()).ifPresent(notifier::approvalDecided);
            }
        });
    }

    private static TenantId tenantOf(DelegateTask task) {
        return TenantId.of(task.getTenantId());
    }

    private static String requestIdOf(DelegateTask task) {
        Object id = task.getVariable(ProcessVariables.APPROVAL_REQUEST_ID);
        if (id == null) {
            throw new ProcessEngineException("approval task '" + task.getTaskDefinitionKey()
                    + "' has no approval request: put a ${approvalRequest} task before it");
        }
        return id.toString();
    }
}
