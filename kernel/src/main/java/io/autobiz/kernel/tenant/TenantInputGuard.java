package io.autobiz.kernel.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Refuses a tool call whose input names an entity of another store ({@code CROSS_TENANT}), before anything runs.
 *
 * <p>How the kernel knows which input values are entity IDs: the tool's contract says so. A field whose schema has
 * {@code "format": "entity-id"} carries an {@link EntityId}; the guard walks the input schema together with the input
 * ({@code properties}, {@code patternProperties}, {@code additionalProperties}, {@code items}, {@code allOf/anyOf/
 * oneOf}, {@code if/then/else}, local {@code $ref}s) and checks the tenant of every such value. Why the contract and not
 * the format alone: free text (a customer's message, an LLM draft, an address line) can look like {@code a:b:c}, and
 * refusing it would be a false security incident; a provider ID is never an entity ID. Declared fields are the ones a
 * tool dereferences as entities, so those are the ones that matter. Their syntax is checked in step 2 (the schema
 * validator knows the format), so a value that does not parse here is left to that step.
 */
public final class TenantInputGuard {

    private static final int MAX_DEPTH = 64;

    private final SecurityIncidents incidents;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    public TenantInputGuard(SecurityIncidents incidents) {
        this.incidents = incidents;
    }

    /**
     * @param tool the tool as it will run, for the refusal's message
     * @param inputSchema the tool's input schema, which declares the entity-ID fields
     * @param input the input, already valid against that schema
     * @throws KernelError {@code CROSS_TENANT} naming the JSON pointer of the first foreign ID; never its value
     */
    public void check(RunContext run, String tool, JsonNode inputSchema, JsonNode input) {
        Map<String, String> declared = new LinkedHashMap<>();
        walk(inputSchema, inputSchema, input, "", declared, 0);
        for (Map.Entry<String, String> field : declared.entrySet()) {
            EntityId entity = EntityId.tryParse(field.getValue()).orElse(null);
            if (entity != null && !entity.belongsTo(run.tenant())) {
                incidents.record(SecurityIncident.of(
                                run.tenant(),
                                run.principal(),
                                SecurityIncident.Channel.KERNEL_INPUT,
                                "input of " + tool + " at " + pointerOrRoot(field.getKey()) + " named a "
                                        + entity.kind() + " of another store")
                        .reaching(entity.tenant())
                        .inRun(run.correlationId()));
                throw KernelError.of(
                        ErrorCode.CROSS_TENANT,
                        "input of " + tool + " at " + pointerOrRoot(field.getKey())
                                + " names an entity of another store; nothing was done",
                        Map.of("pointer", field.getKey()));
            }
        }
    }

    /** Collects every string value at a place the schema declares as {@code format: entity-id}, by JSON pointer. */
    private void walk(
            JsonNode root, JsonNode schema, JsonNode value, String pointer, Map<String, String> into, int depth) {
        if (depth > MAX_DEPTH || schema == null || !schema.isObject() || value == null || value.isMissingNode()) {
            return;
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isTextual() && ref.textValue().startsWith("#")) {
            walk(root, root.at(ref.textValue().substring(1)), value, pointer, into, depth + 1);
        }
        if (value.isTextual() && EntityId.FORMAT.equals(schema.path("format").asText(null))) {
            into.putIfAbsent(pointer, value.textValue());
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode branch : schema.path(combinator)) {
                walk(root, branch, value, pointer, into, depth + 1);
            }
        }
        for (String conditional : List.of("if", "then", "else")) {
            walk(root, schema.get(conditional), value, pointer, into, depth + 1);
        }
        if (value.isObject()) {
            walkObject(root, schema, value, pointer, into, depth);
        } else if (value.isArray()) {
            walkArray(root, schema, value, pointer, into, depth);
        }
    }

    private void walkObject(
            JsonNode root, JsonNode schema, JsonNode value, String pointer, Map<String, String> into, int depth) {
        JsonNode properties = schema.path("properties");
        JsonNode patternProperties = schema.path("patternProperties");
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String name = field.getKey();
            String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
            boolean described = false;
            if (properties.has(name)) {
                walk(root, properties.get(name), field.getValue(), at, into, depth + 1);
                described = true;
            }
            for (String regex : fieldNames(patternProperties)) {
                if (pattern(regex).matcher(name).find()) {
                    walk(root, patternProperties.get(regex), field.getValue(), at, into, depth + 1);
                    described = true;
                }
            }
            if (!described && additional != null && additional.isObject()) {
                walk(root, additional, field.getValue(), at, into, depth + 1);
            }
        }
    }

    private void walkArray(
            JsonNode root, JsonNode schema, JsonNode value, String pointer, Map<String, String> into, int depth) {
        JsonNode items = schema.get("items");
        for (int i = 0; i < value.size(); i++) {
            JsonNode itemSchema = null;
            if (items != null && items.isObject()) {
                itemSchema = items;
            } else if (items != null && items.isArray()) {
                itemSchema = i < items.size() ? items.get(i) : schema.get("additionalItems");
            }
            walk(root, itemSchema, value.get(i), pointer + "/" + i, into, depth + 1);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }

    private static String pointerOrRoot(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }
}
