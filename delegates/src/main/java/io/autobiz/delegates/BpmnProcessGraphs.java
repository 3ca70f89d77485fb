package io.autobiz.delegates;

import io.autobiz.kernel.config.ProcessGraph;
import io.autobiz.kernel.config.ProcessGraph.Edge;
import io.autobiz.kernel.config.ProcessGraph.Kind;
import io.autobiz.kernel.config.ProcessGraph.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * Reads the compile checks' view of a BPMN model: which service tasks call which kernel tool, which user tasks are
 * approvals, and how a token can travel. A tool task is a service task with
 * {@code camunda:delegateExpression="${toolTask}"} and a {@code tool} field; an approval is a user task carrying the
 * extension property {@code approval=true}.
 *
 * <p>Embedded sub-processes are entered through their start events and left through their end events, so an
 * approval inside one counts for what follows it; event sub-processes can start at any time, so their start events
 * are starts; a task's boundary events follow the task.
 */
public final class BpmnProcessGraphs {

    public static final String TOOL_TASK_DELEGATE = "${toolTask}";
    public static final String APPROVAL_PROPERTY = "approval";

    private BpmnProcessGraphs() {}

    public static List<ProcessGraph> of(BpmnModelInstance model) {
        List<ProcessGraph> graphs = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (process.isExecutable()) {
                graphs.add(of(model, process));
            }
        }
        return graphs;
    }

    private static ProcessGraph of(BpmnModelInstance model, Process process) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (FlowNode node : inside(model, process)) {
            nodes.add(new Node(
                    node.getId(), node.getName(), kindOf(node), toolOf(node).orElse(null)));
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (!belongsTo(flow.getSource(), process)) {
                continue;
            }
            if (flow.getSource() instanceof SubProcess sub && !sub.triggeredByEvent() && hasStart(sub)) {
                for (EndEvent end : sub.getChildElementsByType(EndEvent.class)) {
                    edges.add(new Edge(end.getId(), flow.getTarget().getId()));
                }
            } else {
                edges.add(new Edge(flow.getSource().getId(), flow.getTarget().getId()));
            }
        }
        for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
            if (belongsTo(boundary, process)) {
                edges.add(new Edge(boundary.getAttachedTo().getId(), boundary.getId(), true));
            }
        }
        for (SubProcess sub : model.getModelElementsByType(SubProcess.class)) {
            if (belongsTo(sub, process) && !sub.triggeredByEvent()) {
                for (StartEvent start : sub.getChildElementsByType(StartEvent.class)) {
                    edges.add(new Edge(sub.getId(), start.getId()));
                }
            }
        }
        return new ProcessGraph(process.getId(), nodes, edges);
    }

    private static Kind kindOf(FlowNode node) {
        if (node instanceof StartEvent start) {
            boolean topLevel = start.getParentElement() instanceof Process;
            boolean eventSubProcess = start.getParentElement() instanceof SubProcess sub && sub.triggeredByEvent();
            return topLevel || eventSubProcess ? Kind.START : Kind.OTHER;
        }
        if (node instanceof ServiceTask && toolOf(node).isPresent()) {
            return Kind.TOOL_TASK;
        }
        if (node instanceof UserTask task && isApproval(task)) {
            return Kind.APPROVAL;
        }
        return Kind.OTHER;
    }

    /** The tool a service task calls through the kernel, as written in its {@code tool} field. */
    public static Optional<String> toolOf(FlowNode node) {
        if (!(node instanceof ServiceTask task) || !TOOL_TASK_DELEGATE.equals(task.getCamundaDelegateExpression())) {
            return Optional.empty();
        }
        ExtensionElements extensions = task.getExtensionElements();
        if (extensions == null) {
            return Optional.empty();
        }
        for (CamundaField field : extensions.getChildElementsByType(CamundaField.class)) {
            if ("tool".equals(field.getCamundaName())) {
                String value = field.getCamundaStringValue();
                if (value == null && field.getCamundaString() != null) {
                    value = field.getCamundaString().getTextContent();
                }
                if (value == null && field.getCamundaExpressionChild() != null) {
                    value = field.getCamundaExpressionChild().getTextContent();
                }
                return Optional.ofNullable(value).map(String::trim).filter(text -> !text.isEmpty());
            }
        }
        return Optional.empty();
    }

    public static boolean isApproval(UserTask task) {
        ExtensionElements extensions = task.getExtensionElements();
        if (extensions == null) {
            return false;
        }
        for (CamundaProperties properties : extensions.getChildElementsByType(CamundaProperties.class)) {
            for (CamundaProperty property : properties.getCamundaProperties()) {
                if (APPROVAL_PROPERTY.equals(property.getCamundaName()) && "true".equals(property.getCamundaValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasStart(SubProcess sub) {
        return !sub.getChildElementsByType(StartEvent.class).isEmpty();
    }

    private static Collection<FlowNode> inside(BpmnModelInstance model, Process process) {
        return model.getModelElementsByType(FlowNode.class).stream()
                .filter(node -> belongsTo(node, process))
                .toList();
    }

    private static boolean belongsTo(FlowNode node, Process process) {
        for (var parent = node.getParentElement(); parent != null; parent = parent.getParentElement()) {
            if (parent == process) {
                return true;
            }
            if (parent instanceof Process) {
                return false;
            }
        }
        return false;
    }
}
