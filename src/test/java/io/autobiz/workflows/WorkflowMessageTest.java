package io.autobiz.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.testing.stage.Hygiene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The diagrams and {@link WorkflowMessage} name the same messages: none is missing on either side. */
@Hygiene
class WorkflowMessageTest {

    private static final Path PROCESSES =
            Path.of("").toAbsolutePath().getParent().resolve("processes");

    @Test
    @DisplayName("P1-TASK-24 every BPMN message in processes/*.bpmn is a WorkflowMessage, and every WorkflowMessage is"
            + " a message of some diagram")
    void diagramsAndWorkflowMessagesNameTheSameMessages() throws IOException {
        List<Path> diagrams;
        try (Stream<Path> files = Files.list(PROCESSES)) {
            diagrams = files.filter(file -> file.toString().endsWith(".bpmn"))
                    .sorted()
                    .toList();
        }
        assertThat(diagrams).as("the diagrams in %s", PROCESSES).isNotEmpty();

        Set<String> inDiagrams = diagrams.stream()
                .flatMap(diagram ->
                        Bpmn.readModelFromFile(diagram.toFile()).getModelElementsByType(Message.class).stream())
                .map(Message::getName)
                .collect(Collectors.toSet());
        Set<String> inCode = Arrays.stream(WorkflowMessage.values())
                .map(WorkflowMessage::messageName)
                .collect(Collectors.toSet());

        assertThat(inCode)
                .as("WorkflowMessage names no message the diagrams lack")
                .isSubsetOf(inDiagrams);
        assertThat(inDiagrams)
                .as("the diagrams name no message WorkflowMessage lacks")
                .isSubsetOf(inCode);
        assertThat(inCode).hasSize(WorkflowMessage.values().length);
        inCode.forEach(name -> assertThat(WorkflowMessage.named(name)).isPresent());
    }
}
