package io.autobiz.delegates;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Hygiene;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every BPMN error a delegate throws must have a catcher in the diagram (a boundary on the task or an enclosing
 * sub-process, or an error event sub-process in scope): an uncaught one ends as the engine's ENGINE-02042 "no error
 * handler was defined" incident, which tells the operator nothing about what the workflow should have done.
 */
@Hygiene
class BpmnErrorCoverageTest {

    private static final List<String> DIAGRAMS = List.of(
            "daily-closeout.bpmn",
            "fulfillment-exception.bpmn",
            "order-cancel.bpmn",
            "order-fulfill.bpmn",
            "payment-failure.bpmn",
            "refund.bpmn",
            "wismo.bpmn");

    /**
     * The codes each delegate throws as a BPMN error, in one place. A tool task reading a provider record by ID
     * ({@code *.get}) is refused with PROVIDER_REJECTED when the record is gone, which is a fact the workflow has to
     * decide about, not a fault; the LLM delegates refuse an answer a person must see instead.
     */
    private static Set<String> codesThrownBy(ServiceTask task) {
        String delegate = task.getCamundaDelegateExpression();
        if ("${toolTask}".equals(delegate)) {
            return toolOf(task).endsWith(".get") ? Set.of("PROVIDER_REJECTED") : Set.of();
        }
        return delegate == null ? Set.of() : DELEGATE_CODES.getOrDefault(delegate, Set.of());
    }

    private static final Map<String, Set<String>> DELEGATE_CODES = Map.of(
            "${llmStructuredOutput}", Set.of("LLM_OUTPUT_INVALID"),
            "${composedReply}", Set.of("DRAFT_UNGROUNDED"));

    /**
     * Findings of this check that issue 21 has not yet given a path: each is still an ENGINE-02042 incident when the
     * record is gone. Listed so a new uncaught code fails the build; shrink it, never grow it.
     */
    private static final Set<String> NOT_YET_MODELLED = Set.of(
            "fulfillment-exception/Task_CheckOrder: PROVIDER_REJECTED",
            "order-cancel/Task_GetOrder: PROVIDER_REJECTED",
            "order-cancel/Task_GetPayment: PROVIDER_REJECTED",
            "order-cancel/Task_RefreshPayment: PROVIDER_REJECTED",
            "order-fulfill/Task_FetchOrder: PROVIDER_REJECTED",
            "order-fulfill/Task_FetchPayment: PROVIDER_REJECTED",
            "payment-failure/Task_GetOrder: PROVIDER_REJECTED",
            "payment-failure/Task_GetPayment: PROVIDER_REJECTED",
            "payment-failure/Task_RecheckPayment: PROVIDER_REJECTED",
            "refund/Task_GetOrder: PROVIDER_REJECTED",
            "refund/Task_GetPayment: PROVIDER_REJECTED",
            "wismo/Task_GetShipments: PROVIDER_REJECTED");

    @Test
    @DisplayName(
            "P1-T24 every BPMN error a delegate throws is caught on its task or an enclosing scope, in all seven diagrams")
    void everyThrownCodeIsCaught() {
        List<String> uncaught = new ArrayList<>();
        for (String diagram : DIAGRAMS) {
            BpmnModelInstance model = read(diagram);
            for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                for (String code : codesThrownBy(task)) {
                    String finding = processOf(task) + "/" + task.getId() + ": " + code;
                    if (!caught(model, task, code) && !NOT_YET_MODELLED.contains(finding)) {
                        uncaught.add(finding);
                    }
                }
            }
        }
        assertThat(uncaught)
                .as("service tasks whose BPMN error nothing catches")
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T24 the coverage check sees the real diagrams: WF04's Printful lookup throws PROVIDER_REJECTED")
    void checkSeesTheDiagrams() {
        BpmnModelInstance model = read("order-cancel.bpmn");
        ServiceTask lookup = model.getModelElementById("Task_GetPrintful");
        assertThat(codesThrownBy(lookup)).containsExactly("PROVIDER_REJECTED");
        assertThat(caught(model, lookup, "SOMETHING_NOBODY_THROWS")).isFalse();
    }

    private static boolean caught(BpmnModelInstance model, FlowElement task, String code) {
        for (ModelElementInstance scope = task; scope != null; scope = scope.getParentElement()) {
            if (scope instanceof FlowElement element && boundaryCatches(model, element, code)) {
                return true;
            }
            if (eventSubProcessCatches(scope, code)) {
                return true;
            }
        }
        return false;
    }

    private static boolean boundaryCatches(BpmnModelInstance model, FlowElement element, String code) {
        return model.getModelElementsByType(BoundaryEvent.class).stream()
                .filter(boundary -> boundary.getAttachedTo() == element)
                .anyMatch(boundary -> catches(boundary.getEventDefinitions(), code));
    }

    /** An error event sub-process directly inside {@code scope} catches what is thrown anywhere in that scope. */
    private static boolean eventSubProcessCatches(ModelElementInstance scope, String code) {
        return scope.getChildElementsByType(SubProcess.class).stream()
                .filter(SubProcess::triggeredByEvent)
                .flatMap(sub -> sub.getChildElementsByType(StartEvent.class).stream())
                .anyMatch(start -> catches(start.getEventDefinitions(), code));
    }

    /** A definition without an error, or with an error without a code, is a catch-all. */
    private static boolean catches(Collection<EventDefinition> definitions, String code) {
        return definitions.stream()
                .filter(ErrorEventDefinition.class::isInstance)
                .map(ErrorEventDefinition.class::cast)
                .anyMatch(definition -> definition.getError() == null
                        || definition.getError().getErrorCode() == null
                        || definition.getError().getErrorCode().equals(code));
    }

    private static String toolOf(ServiceTask task) {
        if (task.getExtensionElements() == null) {
            return "";
        }
        return task.getExtensionElements().getElementsQuery().filterByType(CamundaField.class).list().stream()
                .filter(field -> "tool".equals(field.getCamundaName()))
                .map(field -> field.getCamundaStringValue() != null
                        ? field.getCamundaStringValue()
                        : field.getCamundaString().getTextContent())
                .findFirst()
                .orElse("");
    }

    private static String processOf(ModelElementInstance element) {
        ModelElementInstance scope = element;
        while (!(scope instanceof org.camunda.bpm.model.bpmn.instance.Process)) {
            scope = scope.getParentElement();
        }
        return ((org.camunda.bpm.model.bpmn.instance.Process) scope).getId();
    }

    private static BpmnModelInstance read(String diagram) {
        try (InputStream in = BpmnErrorCoverageTest.class.getClassLoader().getResourceAsStream(diagram)) {
            assertThat(in).as(diagram).isNotNull();
            return Bpmn.readModelFromStream(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
