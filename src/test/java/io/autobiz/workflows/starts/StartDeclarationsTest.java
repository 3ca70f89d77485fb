package io.autobiz.workflows.starts;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Hygiene;
import java.nio.file.Path;
import java.util.Collection;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The declarations against the diagrams they describe: one per process, with the diagram's own start message. */
@Hygiene
class StartDeclarationsTest {

    private static final Path PROCESSES =
            Path.of("").toAbsolutePath().getParent().resolve("processes");
    private static final StartDeclarations DECLARATIONS = StartDeclarations.load();

    @Test
    @DisplayName("issue 21: every diagram's process has a start declaration naming its start message")
    void everyDiagramIsDeclaredWithItsStartMessage() throws Exception {
        try (var diagrams = java.nio.file.Files.list(PROCESSES)) {
            for (Path diagram :
                    diagrams.filter(p -> p.toString().endsWith(".bpmn")).toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
                for (Process process : model.getModelElementsByType(Process.class)) {
                    StartDeclaration declaration = DECLARATIONS
                            .forProcess(process.getId())
                            .orElseThrow(() -> new AssertionError(
                                    diagram.getFileName() + ": no workflows/starts/" + process.getId() + ".json"));
                    assertThat(declaration.message()).as(process.getId()).isEqualTo(startMessageOf(process));
                }
            }
        }
        assertThat(DECLARATIONS.all()).hasSize(7);
    }

    @Test
    @DisplayName("issue 21: each declaration's example passes its own schema; the store is always required")
    void examplesPassAndTheStoreIsRequired() {
        for (StartDeclaration declaration : DECLARATIONS.all()) {
            assertThat(declaration.schema().validate(declaration.example()))
                    .as(declaration.process())
                    .isEmpty();
            assertThat(declaration.variables().path("additionalProperties").asBoolean(true))
                    .as(declaration.process() + " takes no variable it does not declare")
                    .isFalse();
            if (declaration.namesTheStore()) {
                assertThat(declaration.isRequired("tenantId"))
                        .as(declaration.process())
                        .isTrue();
            }
        }
    }

    private static java.util.Optional<String> startMessageOf(Process process) {
        Collection<StartEvent> starts = process.getChildElementsByType(StartEvent.class);
        return starts.stream()
                .flatMap(start -> start.getEventDefinitions().stream())
                .filter(MessageEventDefinition.class::isInstance)
                .map(definition ->
                        ((MessageEventDefinition) definition).getMessage().getName())
                .findFirst();
    }
}
