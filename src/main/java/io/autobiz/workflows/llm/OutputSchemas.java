package io.autobiz.workflows.llm;

import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.CompiledSchema;
import io.autobiz.kernel.schema.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The schemas of what the LLM may answer, under {@code workflows/schemas/}. */
final class OutputSchemas {

    private OutputSchemas() {}

    static CompiledSchema compile(SchemaValidator validator, String name) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalStateException("no such output schema: " + name);
        }
        String path = "/workflows/schemas/" + name + ".json";
        try (InputStream in = OutputSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no output schema " + path);
            }
            return validator.compile(name, Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
