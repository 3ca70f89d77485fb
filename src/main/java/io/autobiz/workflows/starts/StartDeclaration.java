package io.autobiz.workflows.starts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.schema.CompiledSchema;
import java.util.Optional;

/**
 * How one workflow is started from outside: by its BPMN start message (or, without one, by key), with variables that
 * match {@code variables}, a JSON Schema. {@code example} is a start that passes the check; the docs show it as curl.
 */
public record StartDeclaration(
        String process,
        String workflow,
        Optional<String> message,
        String businessKey,
        String description,
        ObjectNode variables,
        ObjectNode example,
        CompiledSchema schema) {

    /** Whether the store is named by a {@code tenantId} variable (otherwise the definition is the store's own). */
    public boolean namesTheStore() {
        return variables.at("/properties").has("tenantId");
    }

    public boolean isRequired(String variable) {
        for (JsonNode name : variables.path("required")) {
            if (name.asText().equals(variable)) {
                return true;
            }
        }
        return false;
    }
}
