package io.autobiz.delegates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.autobiz.kernel.config.ProcessGraph;
import io.autobiz.kernel.config.ProcessGraph.Kind;
import io.autobiz.testing.stage.Unit;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compile checks' view of BPMN: tool tasks, approval tasks, and every way a token can travel. */
@Unit
class BpmnProcessGraphsTest {

    private static BpmnModelInstance refund(boolean approvalFirst) {
        ProcessBuilder process = Bpmn.createExecutableProcess("refund");
        var lookup = process.startEvent("start")
                .name("Refund requested")
                .serviceTask("lookup")
                .name("Look up order")
                .camundaDelegateExpression("${toolTask}");
        var beforeRefund = approvalFirst ? lookup.userTask("approve").name("Approve refund") : lookup;
        BpmnModelInstance model = beforeRefund
                .serviceTask("refund")
                .name("Refund")
                .camundaDelegateExpression("${toolTask}")
                .endEvent("end")
                .done();
        toolField(model, "lookup", "shopify.order.get");
        toolField(model, "refund", "stripe.payment.refund");
        if (approvalFirst) {
            markApproval(model, "approve");
        }
        return model;
    }

    /** {@code <camunda:field name="tool" stringValue="..."/>}, which the fluent builder cannot write. */
    static void toolField(BpmnModelInstance model, String taskId, String tool) {
        ServiceTask task = model.getModelElementById(taskId);
        CamundaField field = extensions(model, task).addExtensionElement(CamundaField.class);
        field.setCamundaName("tool");
        field.setCamundaStringValue(tool);
    }

    /** {@code <camunda:properties><camunda:property name="approval" value="true"/></camunda:properties>}. */
    static void markApproval(BpmnModelInstance model, String taskId) {
        UserTask task = model.getModelElementById(taskId);
        CamundaProperties properties = extensions(model, task).addExtensionElement(CamundaProperties.class);
        CamundaProperty approval = model.newInstance(CamundaProperty.class);
        approval.setCamundaName("approval");
        approval.setCamundaValue("true");
        properties.getCamundaProperties().add(approval);
    }

    private static ExtensionElements extensions(BpmnModelInstance model, BaseElement element) {
        if (element.getExtensionElements() == null) {
            element.setExtensionElements(model.newInstance(ExtensionElements.class));
        }
        return element.getExtensionElements();
    }

    private static ProcessGraph graph(BpmnModelInstance model) {
        List<ProcessGraph> graphs = BpmnProcessGraphs.of(model);
        assertThat(graphs).hasSize(1);
        return graphs.get(0);
    }

    @Test
    @DisplayName("P1-T41 tool tasks name their tool, approval tasks are recognised, starts are starts")
    void readsKinds() {
        ProcessGraph graph = graph(refund(true));

        assertThat(graph.processKey()).isEqualTo("refund");
        assertThat(graph.toolTasks())
                .extracting(ProcessGraph.Node::id, ProcessGraph.Node::tool)
                .containsExactly(tuple("lookup", "shopify.order.get"), tuple("refund", "stripe.payment.refund"));
        assertThat(graph.nodes())
                .filteredOn(node -> node.kind() == Kind.APPROVAL)
                .extracting("id")
                .containsExactly("approve");
        assertThat(graph.nodes())
                .filteredOn(node -> node.kind() == Kind.START)
                .extracting("id")
                .containsExactly("start");
    }

    @Test
    @DisplayName("P1-T41 CC-05 a path to the refund around no approval is found; with the approval first there is none")
    void pathsAroundApprovals() {
        assertThat(graph(refund(false)).pathAvoidingApprovals(node -> node.id().equals("refund")))
                .contains(List.of("start", "lookup", "refund"));
        assertThat(graph(refund(true)).pathAvoidingApprovals(node -> node.id().equals("refund")))
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T41 CC-05 a boundary event that leaves the approval task leads around it")
    void boundaryEventBypassesApproval() {
        BpmnModelInstance model = refund(true);
        model.<UserTask>getModelElementById("approve")
                .builder()
                .boundaryEvent("remind")
                .name("Reminder")
                .timerWithDuration("PT1H")
                .connectTo("refund");

        assertThat(graph(model).pathAvoidingApprovals(node -> node.id().equals("refund")))
                .contains(List.of("start", "lookup", "approve", "remind", "refund"));
    }

    @Test
    @DisplayName("P1-T41 CC-05 an approval inside an embedded sub-process covers the task after the sub-process")
    void approvalInsideSubProcess() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cancel")
                .startEvent("start")
                .subProcess("decide")
                .embeddedSubProcess()
                .startEvent("decideStart")
                .userTask("approveInside")
                .endEvent("decideEnd")
                .subProcessDone()
                .serviceTask("refund")
                .camundaDelegateExpression("${toolTask}")
                .endEvent("end")
                .done();
        markApproval(model, "approveInside");
        toolField(model, "refund", "stripe.payment.refund");

        assertThat(graph(model).pathAvoidingApprovals(node -> node.id().equals("refund")))
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T41 the shipped WF01 diagram calls eight tools, compensation and cancellation included, and has no"
            + " FINANCIAL task")
    void shippedWf01() {
        BpmnModelInstance model = Bpmn.readModelFromStream(getClass().getResourceAsStream("/order-fulfill.bpmn"));

        assertThat(graph(model).toolTasks())
                .extracting(ProcessGraph.Node::tool)
                .containsExactlyInAnyOrder(
                        "shopify.order.get",
                        "stripe.payment.get",
                        "printful.order.create",
                        "stripe.payment.capture",
                        "printful.order.confirm",
                        "sendgrid.mail.send",
                        "sendgrid.mail.send",
                        "stripe.payment.void",
                        "sendgrid.mail.send",
                        "printful.order.cancel",
                        "sendgrid.mail.send",
                        "printful.order.cancel",
                        // The "waiting too long" reminders of the hand-overs: the payment mismatch and the
                        // confirmation Printful refused.
                        "slack.message.post",
                        "slack.message.post");
    }
}
