package io.autobiz.delegates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;

/**
 * How a task's run context and tool input are read from the engine, shared by the tool task and the approval request,
 * so that what an approver approves is built exactly as the call that follows will be.
 */
final class TaskInputs {

    private TaskInputs() {}

    static RunContext runOf(DelegateExecution execution) {
        String tenant = execution.getTenantId();
        if (tenant == null || !TenantId.isValid(tenant)) {
            throw DiagramErrors.raise(
                    execution,
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
    static ObjectNode inputOf(DelegateExecution execution) {
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
