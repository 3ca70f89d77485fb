package io.autobiz.workflows.starts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autobiz.kernel.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The REST API's start variables ({@code {"amount": {"value": "1500", "type": "Long"}}}) as the plain JSON document
 * a start declaration's schema checks ({@code {"amount": 1500}}): each value as the engine would store it, so that a
 * number sent as {@code "type": "String"} is checked as the string it becomes. Only untyped values and the primitive
 * types are accepted; an object, a date or a file is nothing a workflow's start takes.
 */
final class StartVariables {

    private static final Set<String> INTEGRAL = Set.of("integer", "long", "short");
    private static final Set<String> PRIMITIVE =
            Set.of("string", "integer", "long", "short", "double", "boolean", "null");

    /** The plain document, and the variables that could not even be read as one. */
    record Read(ObjectNode document, List<String> problems) {}

    private StartVariables() {}

    static Read read(JsonNode restVariables) {
        ObjectNode document = Json.object();
        List<String> problems = new ArrayList<>();
        if (restVariables == null || restVariables.isNull() || restVariables.isMissingNode()) {
            return new Read(document, problems);
        }
        if (!restVariables.isObject()) {
            problems.add("variables: must be an object of {\"name\": {\"value\": ...}}");
            return new Read(document, problems);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = restVariables.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode variable = field.getValue();
            if (!variable.isObject()) {
                problems.add(name + ": must be {\"value\": ...}");
                continue;
            }
            JsonNode value = variable.path("value");
            JsonNode type = variable.get("type");
            if (type == null || type.isNull()) {
                document.set(name, value.isMissingNode() ? NullNode.getInstance() : value);
            } else if (!PRIMITIVE.contains(type.asText().toLowerCase())) {
                problems.add(name + ": type '" + type.asText()
                        + "' is not taken at a start; send the value untyped, or as String, Long, Double or Boolean");
            } else {
                document.set(name, asStored(type.asText().toLowerCase(), value));
            }
        }
        return new Read(document, problems);
    }

    /** What the engine makes of a typed value; anything it could not convert stays as sent, for the schema to refuse. */
    private static JsonNode asStored(String type, JsonNode value) {
        if (value.isMissingNode() || value.isNull() || type.equals("null")) {
            return NullNode.getInstance();
        }
        if (type.equals("string") && value.isValueNode()) {
            return TextNode.valueOf(value.asText());
        }
        if (INTEGRAL.contains(type) && value.isTextual()) {
            try {
                return LongNode.valueOf(Long.parseLong(value.asText().trim()));
            } catch (NumberFormatException notANumber) {
                return value;
            }
        }
        if (type.equals("double") && value.isTextual()) {
            try {
                return DoubleNode.valueOf(Double.parseDouble(value.asText().trim()));
            } catch (NumberFormatException notANumber) {
                return value;
            }
        }
        if (type.equals("boolean")
                && value.isTextual()
                && (value.asText().equals("true") || value.asText().equals("false"))) {
            return BooleanNode.valueOf(Boolean.parseBoolean(value.asText()));
        }
        return value;
    }
}
