package io.autobiz.perf.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import io.autobiz.testsupport.TestPostgres;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class NoopBaselineConfigurationTest {

    private static String product() throws Exception {
        return Files.readString(
                TestPostgres.repositoryRoot().resolve("processes/order-fulfill.bpmn"), StandardCharsets.UTF_8);
    }

    private static BpmnModelInstance parse(String xml) {
        return Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("the no-op copy of WF01 is the product's diagram under its own key: every service task of the product"
            + " is there, none calls the kernel's tool task or the fulfilment check, and no message name is the"
            + " product's")
    void copyOfTheProductDiagram() throws Exception {
        BpmnModelInstance product = parse(product());
        BpmnModelInstance copy = parse(NoopBaselineConfiguration.noopCopy(product()));

        assertThat(copy.getModelElementsByType(Process.class))
                .extracting(Process::getId)
                .containsExactly(NoopBaselineConfiguration.KEY);
        Collection<ServiceTask> productTasks = product.getModelElementsByType(ServiceTask.class);
        Collection<ServiceTask> copyTasks = copy.getModelElementsByType(ServiceTask.class);
        assertThat(copyTasks)
                .extracting(ServiceTask::getId)
                .containsExactlyInAnyOrderElementsOf(
                        productTasks.stream().map(ServiceTask::getId).toList());
        assertThat(copyTasks)
                .extracting(ServiceTask::getCamundaDelegateExpression)
                .containsOnly(
                        "${" + NoopBaselineConfiguration.NOOP_TASK + "}",
                        "${" + NoopBaselineConfiguration.NOOP_CHECK + "}");
        assertThat(copyTasks)
                .extracting(ServiceTask::isCamundaAsyncBefore)
                .containsExactlyElementsOf(productTasks.stream()
                        .map(ServiceTask::isCamundaAsyncBefore)
                        .toList());
        assertThat(copy.getModelElementsByType(Message.class))
                .extracting(Message::getName)
                .isNotEmpty()
                .allMatch(name -> name.startsWith("perf-noop-"));
    }

    @Test
    @DisplayName("a diagram that no longer has what the copy replaces stops the baseline instead of deploying the"
            + " product's delegates under the baseline's key")
    void refusesADiagramItDoesNotRecognise() throws Exception {
        String renamed = product().replace("${toolTask}", "${someOtherTask}");

        assertThatThrownBy(() -> NoopBaselineConfiguration.noopCopy(renamed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("${toolTask}");
    }
}
