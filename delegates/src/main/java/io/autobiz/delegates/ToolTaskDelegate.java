package io.autobiz.delegates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.ToolResult;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;

/**
 * The one delegate behind every tool task: {@code camunda:delegateExpression="${toolTask}"} with a field {@code tool}
 * naming the tool ({@code stripe.payment.capture} or {@code stripe.payment.capture@1}).
 *
 * <p>The tool's input is exactly the task's {@code camunda:inputParameter}s; its output is offered to the task's
 * output parameters as the transient variable {@code result}. A kernel refusal that retrying cannot fix becomes a BPMN
 * error with the refusal's code, so the diagram can model its own path; one that may pass (a provider outage, a
 * timeout) is thrown on so the engine retries the job and, when retries run out, raises an incident.
 *
 * <p>Field injection on a shared bean is not thread-safe, so the application registers this delegate with prototype
 * scope: every resolution of {@code ${toolTask}} gets a fresh instance.
 */
public class ToolTaskDelegate implements JavaDelegate {

    private final KernelExecutor kernel;
    private Expression tool;

    public ToolTaskDelegate(KernelExecutor kernel) {
        this.kernel = Objects.requireNonNull(kernel);
    }

    /** Called by the engine with the task's {@code camunda:field name="tool"}. */
    public void setTool(Expression tool) {
        this.tool = tool;
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
            if (error.retryable()) {
                throw new ToolCallFailedException(error);
            }
            throw new BpmnError(error.code().name(), error.getMessage());
        }
    }

    private ToolRef toolOf(DelegateExecution execution) {
        if (tool == null) {
            throw new IllegalStateException("service task '" + execution.getCurrentActivityId()
                    + "' uses ${toolTask} but has no camunda:field named 'tool'");
        }
        return ToolRef.parse(String.valueOf(tool.getValue(execution)));
    }

    private static RunContext runOf(DelegateExecution execution) {
        String tenant = execution.getTenantId();
        if (tenant == null || !TenantId.isValid(tenant)) {
            throw new BpmnError(
                    ErrorCode.CROSS_TENANT.name(),
                    "process instance " + execution.getProcessInstanceId() + " has no valid tenant");
        }
        String workflow = workflowOf(execution);
        Object correlationId = execution.getVariable(ProcessVariables.CORRELATION_ID);
        return new RunContext(
                TenantId.of(tenant),
                execution.getProcessInstanceId(),
                correlationId == null ? execution.getProcessInstanceId() : correlationId.toString(),
                "workflow:" + workflow,
                workflow);
    }

    private static String workflowOf(DelegateExecution execution) {
        String definitionId = execution.getProcessDefinitionId();
        int colon = definitionId.indexOf(':');
        return colon < 0 ? definitionId : definitionId.substring(0, colon);
    }

    /** Only the declared input parameters: a tool never sees process variables it was not explicitly given. */
    private static ObjectNode inputOf(DelegateExecution execution) {
        ObjectNode input = Json.object();
        for (String name : declaredInputNames(execution.getBpmnModelElementInstance())) {
            Object value = execution.getVariableLocal(name);
            input.set(name, Json.mapper().valueToTree(value));
        }
        removeNulls(input);
        return input;
    }

    /** An unset optional parameter arrives as null; the schema speaks of absent fields, not null ones. */
    private static void removeNulls(ObjectNode input) {
        List<String> nulls = input.properties().stream()
                .filter(field -> field.getValue().isNull())
                .map(Map.Entry::getKey)
                .toList();
        input.remove(nulls);
    }

    private static Collection<String> declaredInputNames(FlowElement element) {
        ExtensionElements extensions = element == null ? null : element.getExtensionElements();
        if (extensions == null) {
            return List.of();
        }
        CamundaInputOutput io = extensions.getElementsQuery().filterByType(CamundaInputOutput.class).list().stream()
                .findFirst()
                .orElse(null);
        if (io == null) {
            return List.of();
        }
        return io.getCamundaInputParameters().stream()
                .map(CamundaInputParameter::getCamundaName)
                .toList();
    }
}
