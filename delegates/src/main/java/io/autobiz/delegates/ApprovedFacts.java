package io.autobiz.delegates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The facts an approval is given with: process variables that later steps of the run act on (order, recipient, amount,
 * payment...). Taken from the process instance when the approval is requested and stored with the request; written
 * back over the process instance's variables from the stored request when it is decided, so that whatever was set in
 * between is replaced by what the approver saw.
 *
 * <p>Facts are plain values (text, numbers, booleans, null): a fact an approver could not read is no fact.
 */
final class ApprovedFacts {

    private ApprovedFacts() {}

    /** The names in an {@code ${approvalRequest}} task's field {@code facts}: comma- or space-separated. */
    static List<String> namesIn(String declared) {
        if (declared == null || declared.isBlank()) {
            return List.of();
        }
        return Arrays.stream(declared.split("[,\\s]+"))
                .filter(name -> !name.isBlank())
                .distinct()
                .toList();
    }

    /** The current values of the declared facts, from the process instance (not the asking task's own inputs). */
    static ObjectNode of(DelegateExecution execution, List<String> names) {
        DelegateExecution instance = execution.getProcessInstance();
        ObjectNode facts = Json.object();
        for (String name : names) {
            Object value = instance.getVariable(name);
            JsonNode node =
                    value == null ? NullNode.getInstance() : Json.mapper().valueToTree(value);
            if (!node.isValueNode()) {
                throw new ProcessEngineException("approval fact '" + name + "' of '" + execution.getCurrentActivityId()
                        + "' is not a plain value (text, number, boolean)");
            }
            facts.set(name, node);
        }
        return facts;
    }

    /**
     * Writes the approved facts over the process instance's variables where they differ (compared as canonical JSON,
     * so a number stored as Integer and read back as Long is the same fact); returns the names it rewrote.
     */
    static List<String> restore(DelegateExecution execution, ObjectNode approved) {
        DelegateExecution instance = execution.getProcessInstance();
        List<String> rewritten = new ArrayList<>();
        for (Map.Entry<String, JsonNode> fact : approved.properties()) {
            Object current = instance.getVariable(fact.getKey());
            JsonNode now =
                    current == null ? NullNode.getInstance() : Json.mapper().valueToTree(current);
            if (!canonical(now).equals(canonical(fact.getValue()))) {
                instance.setVariable(fact.getKey(), valueOf(fact.getValue()));
                rewritten.add(fact.getKey());
            }
        }
        return rewritten;
    }

    /** RFC 8785 canonicalizes documents: a single value is compared as a one-element array. */
    private static String canonical(JsonNode value) {
        return CanonicalJson.canonicalize(Json.mapper().createArrayNode().add(value));
    }

    private static Object valueOf(JsonNode node) {
        try {
            return Json.mapper().treeToValue(node, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored approval fact is not a plain value", e);
        }
    }
}
