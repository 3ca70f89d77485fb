package io.autobiz.kernel.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds object schemas that would let unknown fields through. INV-01 refuses unknown fields, so every object level of a
 * tool's schemas must say {@code "additionalProperties": false}; a schema that does not is refused at registration.
 */
final class ClosedSchemas {

    private static final List<String> SUBSCHEMA_LISTS = List.of("allOf", "anyOf", "oneOf", "items");
    private static final List<String> SUBSCHEMA_SINGLE =
            List.of("items", "additionalItems", "not", "if", "then", "else", "contains");
    private static final List<String> SUBSCHEMA_MAPS =
            List.of("properties", "patternProperties", "definitions", "$defs");

    private ClosedSchemas() {}

    /** JSON pointers (into the schema) of every object schema that is not closed. */
    static List<String> openObjects(JsonNode schema) {
        List<String> open = new ArrayList<>();
        walk(schema, "", open);
        return open;
    }

    private static void walk(JsonNode schema, String pointer, List<String> open) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        if (describesObject(schema) && !closed(schema)) {
            open.add(pointer.isEmpty() ? "/" : pointer);
        }
        for (String keyword : SUBSCHEMA_SINGLE) {
            if (schema.has(keyword) && schema.get(keyword).isObject()) {
                walk(schema.get(keyword), pointer + "/" + keyword, open);
            }
        }
        for (String keyword : SUBSCHEMA_LISTS) {
            if (schema.has(keyword) && schema.get(keyword).isArray()) {
                for (int i = 0; i < schema.get(keyword).size(); i++) {
                    walk(schema.get(keyword).get(i), pointer + "/" + keyword + "/" + i, open);
                }
            }
        }
        for (String keyword : SUBSCHEMA_MAPS) {
            if (schema.has(keyword) && schema.get(keyword).isObject()) {
                for (Map.Entry<String, JsonNode> entry : schema.get(keyword).properties()) {
                    walk(entry.getValue(), pointer + "/" + keyword + "/" + entry.getKey(), open);
                }
            }
        }
    }

    private static boolean describesObject(JsonNode schema) {
        JsonNode type = schema.get("type");
        boolean typedObject = type != null
                && (type.isTextual() && type.asText().equals("object")
                        || type.isArray() && type.toString().contains("\"object\""));
        return typedObject || schema.has("properties") || schema.has("required");
    }

    private static boolean closed(JsonNode schema) {
        JsonNode additional = schema.get("additionalProperties");
        return additional != null && additional.isBoolean() && !additional.asBoolean();
    }
}
