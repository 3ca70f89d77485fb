package io.autobiz.modeler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Camunda 7 element templates for the tools in this build, one per tool, plus an "approval request" template for every
 * FINANCIAL tool. Each tool template binds the service task to {@code ${toolTask}} with the {@code tool} field set,
 * makes WRITE and FINANCIAL tasks {@code asyncBefore} (docs/architecture.md, "Transactions"), and offers one input
 * parameter per property of the input schema: required ones must not be empty, enums become drop-downs, the default
 * maps the process variable of the same name. The schema itself still decides at run time: a template only helps an
 * editor get it right.
 */
public final class ElementTemplates {

    static final String SCHEMA = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";

    private ElementTemplates() {}

    public static ArrayNode of(List<ToolContract> contracts) {
        ArrayNode templates = Json.mapper().createArrayNode();
        contracts.stream().sorted(Comparator.comparing(ToolContract::id)).forEach(contract -> {
            templates.add(toolTemplate(contract));
            if (contract.sideEffect() == SideEffect.FINANCIAL) {
                templates.add(approvalTemplate(contract));
            }
        });
        return templates;
    }

    private static ObjectNode toolTemplate(ToolContract contract) {
        ObjectNode template = header(
                "io.autobiz.tool." + contract.id().name(),
                label(contract),
                contract.description() + " (" + contract.sideEffect() + ", scope " + contract.scope() + ")",
                contract);
        ArrayNode properties = template.putArray("properties");
        properties.add(hidden("${toolTask}", binding("property", "camunda:delegateExpression")));
        properties.add(hidden(contract.id().toString(), binding("camunda:field", "tool")));
        if (contract.sideEffect() != SideEffect.READ) {
            properties.add(hidden("true", binding("property", "camunda:asyncBefore")));
        }
        inputFields(contract, properties);
        return template;
    }

    /** The request in front of a FINANCIAL call: the same inputs, so the approver approves exactly the call. */
    private static ObjectNode approvalTemplate(ToolContract contract) {
        ObjectNode template = header(
                "io.autobiz.approval." + contract.id().name(),
                "Approval request: " + label(contract),
                "Asks the store's approvers to approve " + contract.id()
                        + " with these arguments; put the approval user task and then the "
                        + label(contract) + " task after it, with the same inputs.",
                contract);
        ArrayNode properties = template.putArray("properties");
        properties.add(hidden("${approvalRequest}", binding("property", "camunda:delegateExpression")));
        properties.add(hidden(contract.id().toString(), binding("camunda:field", "tool")));
        properties.add(field("Reason shown to the approver", "String", binding("camunda:field", "reason")));
        properties.add(field("Currency (ISO 4217)", "String", binding("camunda:field", "currency")));
        properties.add(field("Facts the run acts on after the approval", "String", binding("camunda:field", "facts"))
                .put(
                        "description",
                        "process variables (comma-separated) stored with the request and written back when it is"
                                + " decided, e.g. orderId, customerEmail, amount"));
        inputFields(contract, properties);
        return template;
    }

    private static ObjectNode header(String id, String name, String description, ToolContract contract) {
        ObjectNode template = Json.object();
        template.put("$schema", SCHEMA);
        template.put("id", id);
        template.put("name", name);
        template.put("version", contract.id().version());
        template.put("description", description);
        template.putArray("appliesTo").add("bpmn:ServiceTask");
        return template;
    }

    private static void inputFields(ToolContract contract, ArrayNode properties) {
        JsonNode schema = contract.inputSchema();
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String name = property.getKey();
            JsonNode fieldSchema = property.getValue();
            ObjectNode field = field(
                    name + (required.contains(name) ? "" : " (optional)"),
                    fieldSchema.has("enum") ? "Dropdown" : "String",
                    binding("camunda:inputParameter", name));
            if (fieldSchema.has("description")) {
                field.put("description", fieldSchema.get("description").asText());
            } else if (name.equals(contract.money().orElse(null))) {
                field.put("description", "amount in the currency's minor unit (cents)");
            }
            if (fieldSchema.has("enum")) {
                ArrayNode choices = field.putArray("choices");
                fieldSchema
                        .get("enum")
                        .forEach(value ->
                                choices.addObject().put("name", value.asText()).put("value", value.asText()));
            } else {
                field.put("value", "${" + name + "}");
            }
            if (required.contains(name)) {
                field.putObject("constraints").put("notEmpty", true);
            }
            properties.add(field);
        }
    }

    private static String label(ToolContract contract) {
        String name = contract.id().name();
        int dot = name.indexOf('.');
        return name.substring(0, dot) + ": " + name.substring(dot + 1).replace('.', ' ');
    }

    private static ObjectNode hidden(String value, ObjectNode binding) {
        ObjectNode property = Json.object();
        property.put("type", "Hidden");
        property.put("value", value);
        property.set("binding", binding);
        return property;
    }

    private static ObjectNode field(String label, String type, ObjectNode binding) {
        ObjectNode property = Json.object();
        property.put("label", label);
        property.put("type", type);
        property.set("binding", binding);
        return property;
    }

    private static ObjectNode binding(String type, String name) {
        ObjectNode binding = Json.object();
        binding.put("type", type);
        binding.put("name", name);
        return binding;
    }
}
