package io.autobiz.delegates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.Hygiene;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every code a delegate reports that is a fact for the workflow to decide about must have a catcher in the diagram (a
 * boundary on the task or an enclosing sub-process, or an error event sub-process in scope). At run time {@link
 * DiagramErrors} throws a code the diagram does not catch as an incident instead of a BPMN error, so a missing path
 * is no ENGINE-02042 "no error handler was defined", but it is still a run stopped where the workflow should have
 * gone on: this check finds it before it ships.
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
     * The committed Modeler element templates: one per tool contract of the build, with its side effect in the
     * description; ElementTemplatesTest fails when they differ from the build's contracts.
     */
    private static final Path TEMPLATES = Path.of("..", ".camunda", "element-templates", "autobiz-tools.json");

    /**
     * READ tools that look nothing up by ID, so a provider's refusal is a fault of the call (an incident), not a fact
     * about a record. Every other READ tool is a lookup.
     */
    private static final Map<String, String> NOT_LOOKUPS = Map.of(
            "llm.complete", "a refused prompt is a configuration fault; its outage is modelled where it matters",
            "stripe.tax.calculate", "computes a tax from the order's lines, reads no record");

    private static final Set<String> LOOKUPS = lookups();

    /**
     * The codes a delegate throws that the diagram must give a path, derived from the delegates and the tools:
     * {@code ${toolTask}} turns a kernel refusal retrying cannot fix into a BPMN error with the refusal's code, and a
     * lookup (a READ tool reading a provider's record by ID) is refused with PROVIDER_REJECTED when the record is not
     * there, which is a fact the workflow decides about. Its other refusals (invalid input, no permission, no
     * credential) are faults: {@link DiagramErrors} makes them incidents. The LLM delegates refuse an answer a person
     * must see.
     */
    private static Set<String> codesThrownBy(ServiceTask task) {
        String delegate = task.getCamundaDelegateExpression();
        if ("${toolTask}".equals(delegate)) {
            return LOOKUPS.contains(toolOf(task)) ? Set.of(ErrorCode.PROVIDER_REJECTED.name()) : Set.of();
        }
        return delegate == null ? Set.of() : DELEGATE_CODES.getOrDefault(delegate, Set.of());
    }

    private static final Map<String, Set<String>> DELEGATE_CODES = Map.of(
            "${llmStructuredOutput}", Set.of(StructuredOutputDelegate.INVALID),
            "${composedReply}", Set.of(ComposedReplyDelegate.UNGROUNDED));

    @Test
    @DisplayName(
            "P1-T24 every BPMN error a delegate throws is caught on its task or an enclosing scope, in all seven diagrams")
    void everyThrownCodeIsCaught() {
        List<String> uncaught = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String diagram : DIAGRAMS) {
            BpmnModelInstance model = read(diagram);
            for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                for (String code : codesThrownBy(task)) {
                    String finding = processOf(task) + "/" + task.getId() + ": " + code;
                    checked.add(finding);
                    if (!DiagramErrors.catches(task, code)) {
                        uncaught.add(finding);
                    }
                }
            }
        }
        assertThat(uncaught)
                .as("service tasks whose BPMN error nothing catches")
                .isEmpty();
        assertThat(checked)
                .as("the lookups and LLM checks of the seven diagrams (17 when this was written)")
                .hasSizeGreaterThanOrEqualTo(17)
                .contains(
                        "order-cancel/Task_GetPrintful: PROVIDER_REJECTED",
                        "wismo/Task_CheckGrounding: DRAFT_UNGROUNDED");
    }

    @Test
    @DisplayName("P1-T24 the coverage check sees the real diagrams: WF04's Printful lookup throws PROVIDER_REJECTED")
    void checkSeesTheDiagrams() {
        BpmnModelInstance model = read("order-cancel.bpmn");
        ServiceTask lookup = model.getModelElementById("Task_GetPrintful");
        assertThat(codesThrownBy(lookup)).containsExactly("PROVIDER_REJECTED");
        assertThat(DiagramErrors.catches(lookup, "SOMETHING_NOBODY_THROWS")).isFalse();
        ServiceTask write = model.getModelElementById("Task_CancelShopify");
        assertThat(codesThrownBy(write)).isEmpty();
    }

    @Test
    @DisplayName("P1-T24 the lookups are the build's READ tools: every READ tool is a lookup or says why not, and a"
            + " lookup's 'not there' is a refusal the tool task throws as a BPMN error, never retried")
    void lookupsAreTheReadTools() {
        Map<String, String> sideEffects = sideEffectsOfTools();
        assertThat(sideEffects).as(TEMPLATES.toString()).containsKeys("shopify.order.get", "stripe.payment.get");
        assertThat(NOT_LOOKUPS.keySet())
                .as("tools excused from being lookups are READ tools of this build")
                .allSatisfy(tool -> assertThat(sideEffects).containsEntry(tool, "READ"));
        assertThat(lookups())
                .contains("shopify.order.get", "stripe.payment.get", "printful.order.get", "printful.shipments.get")
                .allSatisfy(tool -> assertThat(sideEffects).containsEntry(tool, "READ"))
                .doesNotContain("shopify.order.cancel", "stripe.refund.create");
        assertThat(ErrorCode.PROVIDER_REJECTED.retryableByDefault()).isFalse();
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-03 a provider call in a job of its own is tried five times before an incident"
            + " (the LLM's excepted: the diagrams hand its outage to a person): a retried call is safe (idempotent, or"
            + " not made when refused), while three transient faults in a row left the soak's reads, mails and posts to"
            + " a person")
    void providerCallsAreTriedFiveTimes() {
        List<String> impatient = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String diagram : DIAGRAMS) {
            for (ServiceTask task : read(diagram).getModelElementsByType(ServiceTask.class)) {
                // A task without asyncBefore runs in the job of the activity before it, whose cycle applies.
                if (!task.isCamundaAsyncBefore()
                        || !"${toolTask}".equals(task.getCamundaDelegateExpression())
                        || toolOf(task).isEmpty()
                        || toolOf(task).equals("llm.complete")) {
                    continue;
                }
                String cycle = retryCycleOf(task);
                String finding = processOf(task) + "/" + task.getId();
                checked.add(finding);
                if (!cycle.matches("R([5-9]|\\d{2,})/.+")) {
                    impatient.add(finding + ": " + cycle);
                }
            }
        }
        assertThat(impatient).as("lookups tried fewer than five times").isEmpty();
        assertThat(checked)
                .contains("order-cancel/Task_GetOrder", "payment-failure/Task_GetPayment", "refund/Task_GetOrder");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-03 a job begun by an LLM step (tried three times: its outage goes to a person)"
            + " carries no other provider call: the reads after it start a job of their own, tried five times (the"
            + " soak's WISMO run whose Printful timeout ended the LLM's job in an incident)")
    void llmJobsCarryNoOtherProviderCall() {
        List<String> carried = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String diagram : DIAGRAMS) {
            BpmnModelInstance model = read(diagram);
            for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                if (!task.isCamundaAsyncBefore() || !toolOf(task).equals("llm.complete")) {
                    continue;
                }
                checked.add(processOf(task) + "/" + task.getId());
                for (ServiceTask inJob : sameJob(model, task)) {
                    String tool = toolOf(inJob);
                    if (!tool.isEmpty() && !tool.equals("llm.complete")) {
                        carried.add(
                                processOf(task) + "/" + task.getId() + " carries " + inJob.getId() + " (" + tool + ")");
                    }
                }
            }
        }
        assertThat(carried).as("provider calls in a job begun by an LLM step").isEmpty();
        assertThat(checked).contains("wismo/Task_ExtractIntent");
    }

    /**
     * The service tasks that run in the job {@code start} begins: what its sequence flows (and those of the boundary
     * events on what is passed) reach before an asynchronous continuation or a wait state ends the job.
     */
    private static List<ServiceTask> sameJob(BpmnModelInstance model, FlowNode start) {
        List<ServiceTask> found = new ArrayList<>();
        Set<FlowNode> seen = new java.util.HashSet<>();
        java.util.Deque<FlowNode> next = new java.util.ArrayDeque<>(List.of(start));
        while (!next.isEmpty()) {
            FlowNode node = next.pop();
            if (!seen.add(node)) {
                continue;
            }
            if (node != start
                    && (node.isCamundaAsyncBefore()
                            || node instanceof UserTask
                            || node instanceof ReceiveTask
                            || node instanceof IntermediateCatchEvent
                            || node instanceof EventBasedGateway)) {
                continue;
            }
            if (node instanceof ServiceTask serviceTask) {
                found.add(serviceTask);
            }
            if (node.isCamundaAsyncAfter()) {
                continue;
            }
            node.getOutgoing().forEach(flow -> next.push(flow.getTarget()));
            model.getModelElementsByType(BoundaryEvent.class).stream()
                    .filter(boundary -> boundary.getAttachedTo() == node)
                    .forEach(next::push);
        }
        return found;
    }

    /** Tool name to side effect, from the committed templates ("... (READ, scope orders:read)"). */
    private static Map<String, String> sideEffectsOfTools() {
        JsonNode templates;
        try {
            templates = Json.mapper().readTree(Files.readString(TEMPLATES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Pattern sideEffect = Pattern.compile("\\((READ|WRITE|FINANCIAL), scope [^)]+\\)$");
        Map<String, String> tools = new TreeMap<>();
        for (JsonNode template : templates) {
            String id = template.path("id").asText();
            Matcher matcher = sideEffect.matcher(template.path("description").asText());
            if (id.startsWith("io.autobiz.tool.") && matcher.find()) {
                tools.put(id.substring("io.autobiz.tool.".length()), matcher.group(1));
            }
        }
        return tools;
    }

    private static Set<String> lookups() {
        return sideEffectsOfTools().entrySet().stream()
                .filter(tool -> tool.getValue().equals("READ"))
                .map(Map.Entry::getKey)
                .filter(tool -> !NOT_LOOKUPS.containsKey(tool))
                .collect(Collectors.toSet());
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
                .map(tool -> tool.contains("@") ? tool.substring(0, tool.indexOf('@')) : tool)
                .findFirst()
                .orElse("");
    }

    /** The task's {@code camunda:failedJobRetryTimeCycle}, or the engine's default of three attempts. */
    private static String retryCycleOf(ServiceTask task) {
        if (task.getExtensionElements() == null) {
            return "the engine's default (3)";
        }
        return task
                .getExtensionElements()
                .getElementsQuery()
                .filterByType(CamundaFailedJobRetryTimeCycle.class)
                .list()
                .stream()
                .map(CamundaFailedJobRetryTimeCycle::getTextContent)
                .map(String::trim)
                .findFirst()
                .orElse("the engine's default (3)");
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
