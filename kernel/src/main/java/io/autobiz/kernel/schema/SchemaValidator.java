package io.autobiz.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.EntityId;

/**
 * Compiles draft-07 JSON Schemas with networknt's validator, which reads the Jackson trees the rest of AutoBiz
 * speaks (everit, the validator first chosen, needs every input converted to org.json first; see
 * docs/performance.md). Formats are asserted, as draft-07 validators conventionally do. Remote references are not
 * followed: a tool's schema is self-contained, and compiling one must never reach the network. Besides the standard
 * formats it knows {@code entity-id}: a store's namespaced entity ID ({@link EntityId}).
 */
@KernelApi
public final class SchemaValidator {

    private static final Format ENTITY_ID = new Format() {
        @Override
        public String getName() {
            return EntityId.FORMAT;
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return EntityId.isValid(value);
        }

        @Override
        public String getErrorMessageDescription() {
            return "an entity ID of the form {tenant}:{kind}:{id}";
        }
    };

    private static final JsonMetaSchema DRAFT_07 =
            JsonMetaSchema.builder(JsonMetaSchema.getV7()).format(ENTITY_ID).build();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V7,
            builder -> builder.metaSchema(DRAFT_07)
                    .defaultMetaSchemaIri(DRAFT_07.getIri())
                    // No loader: a reference outside the document fails to compile instead of being fetched.
                    .schemaLoaders(loaders -> loaders.values(list -> list.clear())));

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();

    public CompiledSchema compile(String name, JsonNode schemaDocument) {
        if (schemaDocument == null || !schemaDocument.isObject()) {
            throw new IllegalArgumentException(name + ": a schema must be a JSON object");
        }
        refuseRemoteReferences(name, schemaDocument);
        try {
            return new CompiledSchema(name, FACTORY.getSchema(schemaDocument, CONFIG));
        } catch (JsonSchemaException | IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": the schema does not compile: " + e.getMessage(), e);
        }
    }

    /** Only local references ({@code #/definitions/...}); anything else would be a lookup at validation time. */
    private static void refuseRemoteReferences(String name, JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.isTextual() || !ref.textValue().startsWith("#"))) {
                throw new IllegalArgumentException(
                        name + ": the schema does not compile: only local references (#/...) are allowed, not " + ref);
            }
        }
        for (JsonNode child : node) {
            refuseRemoteReferences(name, child);
        }
    }
}
