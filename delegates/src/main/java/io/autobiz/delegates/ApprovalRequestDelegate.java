package io.autobiz.delegates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tool.ToolRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

/**
 * {@code camunda:delegateExpression="${approvalRequest}"} with fields {@code tool} (the call to approve), and optional
 * {@code reason}, {@code currency} and {@code facts}. Its {@code camunda:inputParameter}s are the exact arguments of
 * the call that follows the approval (the same mapping as that tool task's); the kernel binds the request to their
 * hash, so the call can only run with what the approver saw.
 *
 * <p>{@code facts} names the process variables that later steps of the run act on besides that call (the order, the
 * customer's address, the amount, the payment...). Their values are stored with the request and, on the decision,
 * written back over the run's variables from there ({@link ApprovalTaskListener}): what anyone set meanwhile is
 * replaced by what was approved. The request also records who asked: the user the engine recorded as starting the run,
 * else the run's {@link ProcessVariables#REQUESTED_BY}; they may not approve it unless the store allows it.
 *
 * <p>Sets what the approval task needs: the request ID, the approvers group (its candidate group), the timeout (its
 * timer) and what the form shows ({@link ApprovalDisplay}). Prototype scope, as for {@link ToolTaskDelegate}.
 */
public class ApprovalRequestDelegate implements JavaDelegate {

    private final Approvals approvals;
    private final Supplier<Instant> now;
    private Expression tool;
    private Expression reason;
    private Expression currency;
    private Expression facts;

    public ApprovalRequestDelegate(Approvals approvals, Supplier<Instant> now) {
        this.approvals = Objects.requireNonNull(approvals);
        this.now = Objects.requireNonNull(now);
    }

    public void setTool(Expression tool) {
        this.tool = tool;
    }

    public void setReason(Expression reason) {
        this.reason = reason;
    }

    public void setCurrency(Expression currency) {
        this.currency = currency;
    }

    public void setFacts(Expression facts) {
        this.facts = facts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (tool == null) {
            throw new IllegalStateException("service task '" + execution.getCurrentActivityId()
                    + "' uses ${approvalRequest} but has no camunda:field named 'tool'");
        }
        RunContext run = TaskInputs.runOf(execution);
        ObjectNode arguments = TaskInputs.inputOf(execution);
        String currencyCode = textOf(currency, execution);
        ApprovalRequest request;
        try {
            request = approvals.request(
                    run,
                    ToolRef.parse(String.valueOf(tool.getValue(execution))),
                    arguments,
                    textOf(reason, execution),
                    currencyCode,
                    ApprovedFacts.of(execution, ApprovedFacts.namesIn(textOf(facts, execution))),
                    requesterOf(execution));
        } catch (KernelError error) {
            if (error.retryable()) {
                throw error;
            }
            throw DiagramErrors.raise(execution, error);
        }
        Duration left = Duration.between(now.get(), request.expiresAt());
        execution.setVariable(ProcessVariables.APPROVAL_REQUEST_ID, request.id());
        execution.setVariable(ProcessVariables.APPROVERS_GROUP, approvals.approversGroup(run.tenant()));
        execution.setVariable(ProcessVariables.APPROVAL_TIMEOUT, (left.isNegative() ? Duration.ZERO : left).toString());
        execution.setVariable(ProcessVariables.APPROVAL_TOOL, request.tool().toString());
        execution.setVariable(ProcessVariables.APPROVAL_REASON, request.reason());
        execution.setVariable(ProcessVariables.APPROVAL_CURRENCY, request.currency());
        execution.setVariable(
                ProcessVariables.APPROVAL_AMOUNT, request.amountInMajorUnits().orElse(null));
        execution.setVariables(ApprovalDisplay.of(request, execution.getProcessInstanceId()));
    }

    /**
     * The engine's record of who started the run (a REST or Tasklist user), which no variable can change; for runs
     * started without an authenticated user, what AutoBiz's starter declared ({@code demo}, {@code webhook:stripe}).
     */
    private static String requesterOf(DelegateExecution execution) {
        HistoricProcessInstance started = execution
                .getProcessEngineServices()
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processInstanceId(execution.getProcessInstanceId())
                .singleResult();
        if (started != null && started.getStartUserId() != null) {
            return started.getStartUserId();
        }
        Object declared = execution.getProcessInstance().getVariable(ProcessVariables.REQUESTED_BY);
        return declared == null ? null : declared.toString();
    }

    private static String textOf(Expression expression, DelegateExecution execution) {
        if (expression == null) {
            return null;
        }
        Object value = expression.getValue(execution);
        return value == null ? null : value.toString();
    }
}
