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
    private static final List<String> COMBINATORS = List.of("allOf", "anyOf", "oneOf");
    private static final List<String> CONDITIONALS = List.of("if", "then", "else");

    private final SecurityIncidents incidents;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
    /** Per schema instance: contracts are compiled once, so their schemas are the same objects call after call. */
    private final Map<SchemaIdentity, Boolean> declaringSchemas = new ConcurrentHashMap<>();

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
        if (!declaresEntityIds(inputSchema)) {
            return;
        }
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

    /**
     * Most contracts declare no entity-ID field; for those the walk over schema and input (the largest part of this
     * step's cost) is skipped. A schema that names the format anywhere, even in a branch this input never takes, is
     * walked.
     */
    private boolean declaresEntityIds(JsonNode schema) {
        return declaringSchemas.computeIfAbsent(new SchemaIdentity(schema), key -> namesFormat(key.schema(), 0));
    }

    private static boolean namesFormat(JsonNode node, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return false;
        }
        if (node.isObject() && EntityId.FORMAT.equals(node.path("format").asText(null))) {
            return true;
        }
        for (JsonNode child : node) {
            if (namesFormat(child, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Identity, not equality: JsonNode's equals and hashCode walk the whole tree. */
    private record SchemaIdentity(JsonNode schema) {

        @Override
        public boolean equals(Object other) {
            return other instanceof SchemaIdentity that && that.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
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
        for (String combinator : COMBINATORS) {
            for (JsonNode branch : schema.path(combinator)) {
                walk(root, branch, value, pointer, into, depth + 1);
            }
        }
        for (String conditional : CONDITIONALS) {
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
            for (Map.Entry<String, JsonNode> patterned : patternProperties.properties()) {
                if (pattern(patterned.getKey()).matcher(name).find()) {
                    walk(root, patterned.getValue(), field.getValue(), at, into, depth + 1);
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

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }

    private static String pointerOrRoot(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }
}
