package io.autobiz.delegates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.ToolResult;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.ToolRef;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;

/**
 * The one delegate behind every tool task: {@code camunda:delegateExpression="${toolTask}"} with a field {@code tool}
 * naming the tool ({@code stripe.payment.capture} or {@code stripe.payment.capture@1}).
 *
 * <p>The tool's input is exactly the task's {@code camunda:inputParameter}s; its output is offered to the task's
 * output parameters as the transient variable {@code result}. A kernel refusal that retrying cannot fix becomes a BPMN
 * error with the refusal's code when the diagram catches that code at the task, so the run takes the path drawn for it
 * (a lookup's record that is not there); a refusal the diagram has no path for is a fault, an incident at once (see
 * {@link DiagramErrors}). A failure that may pass (a provider outage, a timeout) is thrown on so the engine retries the
 * job and, when retries run out, raises an incident.
 *
 * <p>A task whose diagram has a better path than waiting for retries (WF05 hands an unanswerable question to a person;
 * WF06 must never hold its escalation back for an LLM summary) sets the field {@code failures} to {@code error}: then
 * a failure that might pass is a BPMN error with its code as well, when the diagram catches it.
 *
 * <p>Field injection on a shared bean is not thread-safe, so the application registers this delegate with prototype
 * scope: every resolution of {@code ${toolTask}} gets a fresh instance.
 */
public class ToolTaskDelegate implements JavaDelegate {

    private final KernelExecutor kernel;
    private Expression tool;
    private Expression failures;

    public ToolTaskDelegate(KernelExecutor kernel) {
        this.kernel = Objects.requireNonNull(kernel);
    }

    /** Called by the engine with the task's {@code camunda:field name="tool"}. */
    public void setTool(Expression tool) {
        this.tool = tool;
    }

    /** Called by the engine with the task's optional {@code camunda:field name="failures"}: {@code error} or absent. */
    public void setFailures(Expression failures) {
        this.failures = failures;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ToolCall call = new ToolCall(toolOf(execution), inputOf(execution));
        // The engine runs a task's output mappings even when a BPMN error cancels the task (an interrupting event
        // sub-process): an empty result lets them resolve to nothing instead of failing the cancellation.
        execution.setVariableLocal(
                ProcessVariables.RESULT, Variables.objectValue(Map.of(), true).create());
        try {
            ToolResult result = kernel.execute(runOf(execution), call);
            Map<?, ?> output = Json.mapper().convertValue(result.output(), Map.class);
            execution.setVariableLocal(
                    ProcessVariables.RESULT, Variables.objectValue(output, true).create());
        } catch (KernelError error) {
            if (!error.retryable()) {
                throw DiagramErrors.raise(execution, error);
            }
            if (failuresAreErrors(execution)
                    && DiagramErrors.catches(
                            execution.getBpmnModelElementInstance(),
                            error.code().name())) {
                throw new BpmnError(error.code().name(), error.getMessage());
            }
            throw new ToolCallFailedException(error);
        }
    }

    private boolean failuresAreErrors(DelegateExecution execution) {
        if (failures == null) {
            return false;
        }
        String value = String.valueOf(failures.getValue(execution));
        if (!"error".equals(value)) {
            throw new IllegalStateException("service task '" + execution.getCurrentActivityId()
                    + "' has camunda:field failures='" + value + "'; the only value is 'error'");
        }
        return true;
    }

    private ToolRef toolOf(DelegateExecution execution) {
        if (tool == null) {
            throw new IllegalStateException("service task '" + execution.getCurrentActivityId()
                    + "' uses ${toolTask} but has no camunda:field named 'tool'");
        }
        return ToolRef.parse(String.valueOf(tool.getValue(execution)));
    }

    private static RunContext runOf(DelegateExecution execution) {
        return TaskInputs.runOf(execution);
    }

    private static ObjectNode inputOf(DelegateExecution execution) {
        return TaskInputs.inputOf(execution);
    }
}
