package io.autobiz.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.EntityId;
import java.util.Optional;
import org.everit.json.schema.FormatValidator;
import org.everit.json.schema.Schema;
import org.everit.json.schema.SchemaException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;

/**
 * Compiles draft-07 JSON Schemas. Remote references are not followed: a tool's schema is self-contained. Besides the
 * standard formats it knows {@code entity-id}: a store's namespaced entity ID ({@link EntityId}).
 */
public final class SchemaValidator {

    private static final FormatValidator ENTITY_ID = new FormatValidator() {
        @Override
        public Optional<String> validate(String subject) {
            return EntityId.isValid(subject)
                    ? Optional.empty()
                    : Optional.of("not an entity ID of the form {tenant}:{kind}:{id}");
        }

        @Override
        public String formatName() {
            return EntityId.FORMAT;
        }
    };

    public CompiledSchema compile(String name, JsonNode schemaDocument) {
        if (schemaDocument == null || !schemaDocument.isObject()) {
            throw new IllegalArgumentException(name + ": a schema must be a JSON object");
        }
        try {
            Schema schema = SchemaLoader.builder()
                    .draftV7Support()
                    .addFormatValidator(ENTITY_ID)
                    .schemaJson((JSONObject) OrgJson.from(schemaDocument))
                    .build()
                    .load()
                    .build();
            return new CompiledSchema(name, schema);
        } catch (SchemaException e) {
            throw new IllegalArgumentException(name + ": the schema does not compile: " + e.getMessage(), e);
        }
    }
}
