package io.autobiz.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.everit.json.schema.Schema;
import org.everit.json.schema.SchemaException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;

/** Compiles draft-07 JSON Schemas. Remote references are not followed: a tool's schema is self-contained. */
public final class SchemaValidator {

    public CompiledSchema compile(String name, JsonNode schemaDocument) {
        if (schemaDocument == null || !schemaDocument.isObject()) {
            throw new IllegalArgumentException(name + ": a schema must be a JSON object");
        }
        try {
            Schema schema = SchemaLoader.builder()
                    .draftV7Support()
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
