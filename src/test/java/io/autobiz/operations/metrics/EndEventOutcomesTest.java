package io.autobiz.operations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Hygiene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Hygiene
class EndEventOutcomesTest {

    private static final Path PROCESSES = Path.of("..", "processes");

    @Test
    @DisplayName("P1-TASK-27 every end event of every shipped diagram names its outcome for workflow_completion_total")
    void everyEndEventIsClassified() throws IOException {
        EndEventOutcomes outcomes = EndEventOutcomes.shipped();
        List<String> unclassified = new ArrayList<>();
        int endEvents = 0;
        try (Stream<Path> diagrams = Files.list(PROCESSES)) {
            for (Path diagram : diagrams.filter(path -> path.toString().endsWith(".bpmn"))
                    .sorted()
                    .toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
                for (EndEvent end : model.getModelElementsByType(EndEvent.class)) {
                    endEvents++;
                    String workflow = processOf(end).getId();
                    if (!outcomes.classifies(workflow, end.getId())) {
                        unclassified.add(workflow + "." + end.getId());
                    }
                }
            }
        }
        assertThat(endEvents).as("end events found in processes/").isGreaterThan(40);
        assertThat(unclassified)
                .as("end events missing from workflow-outcomes.properties")
                .isEmpty();
    }

    @Test
    @DisplayName("P1-TASK-27 denied, timed-out and bound-terminated ends are not counted as completed")
    void refusalPathsAreNotCompleted() {
        EndEventOutcomes outcomes = EndEventOutcomes.shipped();
        assertThat(outcomes.of("refund", "End_Refunded")).isEqualTo(WorkflowOutcome.COMPLETED);
        assertThat(outcomes.of("refund", "End_Denied")).isEqualTo(WorkflowOutcome.DENIED);
        assertThat(outcomes.of("refund", "End_ApprovalTimedOut")).isEqualTo(WorkflowOutcome.TIMED_OUT);
        assertThat(outcomes.of("wismo", "EndEvent_LoopTerminated")).isEqualTo(WorkflowOutcome.TERMINATED_BY_BOUND);
        assertThat(outcomes.of("order-fulfill", "EndEvent_AuthorisationVoided")).isEqualTo(WorkflowOutcome.COMPENSATED);
        assertThat(outcomes.of("refund", "End_Unknown")).isEqualTo(WorkflowOutcome.UNCLASSIFIED);
    }

    private static Process processOf(ModelElementInstance element) {
        ModelElementInstance parent = element.getParentElement();
        while (!(parent instanceof Process process)) {
            parent = parent.getParentElement();
        }
        return process;
    }
}
