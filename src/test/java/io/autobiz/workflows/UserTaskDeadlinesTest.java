package io.autobiz.workflows;

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
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, "every user task has a deadline": no task for a person waits unseen. Every user task of every shipped
 * diagram carries a timer boundary event; an approval's timer interrupts it (no decision in time fails closed), the
 * other tasks' timers remind the store and leave the task where it is.
 */
@Hygiene
class UserTaskDeadlinesTest {

    private static final Path PROCESSES = Path.of("..", "processes");

    @Test
    @DisplayName("P1-TASK-27 every user task of every diagram in processes/ has a timer boundary event")
    void everyUserTaskHasATimer() throws IOException {
        List<String> withoutTimer = new ArrayList<>();
        int userTasks = 0;
        for (BpmnModelInstance model : diagrams()) {
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                userTasks++;
                if (timersOf(model, task).isEmpty()) {
                    withoutTimer.add(task.getId() + " (" + task.getName() + ")");
                }
            }
        }
        assertThat(userTasks).as("user tasks found in processes/").isGreaterThanOrEqualTo(13);
        assertThat(withoutTimer).as("user tasks without a timer boundary event").isEmpty();
    }

    @Test
    @DisplayName("P1-TASK-27 an approval's timer interrupts it (fails closed); a hand-over's timer only reminds")
    void approvalsFailClosedHandoversAreReminded() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (BpmnModelInstance model : diagrams()) {
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                boolean approval = "approval".equals(task.getCamundaFormRef());
                for (BoundaryEvent timer : timersOf(model, task)) {
                    if (timer.cancelActivity() != approval) {
                        wrong.add(task.getId() + ": " + timer.getId() + " cancelActivity=" + timer.cancelActivity());
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static List<BoundaryEvent> timersOf(BpmnModelInstance model, UserTask task) {
        return model.getModelElementsByType(BoundaryEvent.class).stream()
                .filter(event -> event.getAttachedTo() == task)
                .filter(event -> event.getEventDefinitions().stream()
                        .anyMatch(definition -> definition instanceof TimerEventDefinition))
                .toList();
    }

    private static List<BpmnModelInstance> diagrams() throws IOException {
        try (Stream<Path> files = Files.list(PROCESSES)) {
            List<BpmnModelInstance> models = files.filter(
                            path -> path.toString().endsWith(".bpmn"))
                    .sorted()
                    .map(path -> Bpmn.readModelFromFile(path.toFile()))
                    .toList();
            assertThat(models).as("diagrams in processes/").hasSize(7);
            return models;
        }
    }
}
