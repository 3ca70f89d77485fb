package io.autobiz.delegates;

import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tool.ToolRef;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * {@code camunda:delegateExpression="${approvalCheck}"} with a field {@code tool}: asks whether the store's HITL rules
 * (a conditional REQUIRE_APPROVAL such as {@code amount > 5000}) want an approval for the call whose exact arguments
 * are the task's {@code camunda:inputParameter}s, and sets {@link ProcessVariables#APPROVAL_REQUIRED} for the gateway
 * that follows. It only routes: if the diagram skipped a needed approval, step 5 would still refuse the call.
 * Prototype scope, as for {@link ToolTaskDelegate}.
 */
public class ApprovalCheckDelegate implements JavaDelegate {

    private final Approvals approvals;
    private Expression tool;

    public ApprovalCheckDelegate(Approvals approvals) {
        this.approvals = Objects.requireNonNull(approvals);
    }

    public void setTool(Expression tool) {
        this.tool = tool;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (tool == null) {
            throw new IllegalStateException("service task '" + execution.getCurrentActivityId()
                    + "' uses ${approvalCheck} but has no camunda:field named 'tool'");
        }
        boolean required;
        try {
            required = approvals.required(
                    TaskInputs.runOf(execution),
                    ToolRef.parse(String.valueOf(tool.getValue(execution))),
                    TaskInputs.inputOf(execution));
        } catch (KernelError error) {
            if (error.retryable()) {
                throw error;
            }
            throw DiagramErrors.raise(execution, error);
        }
        execution.setVariable(ProcessVariables.APPROVAL_REQUIRED, required);
    }
}
