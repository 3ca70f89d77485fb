package io.autobiz.delegates;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.CompiledSchema;
import io.autobiz.kernel.schema.SchemaViolation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * {@code ${llmStructuredOutput}}: reads an LLM's answer (field {@code text}) as JSON and validates it against a schema
 * named by the field {@code schema} (the application finds it by name, under {@code workflows/schemas/}); each top-level property becomes a process variable. An
 * answer that is not JSON or breaks the schema is the BPMN error {@code LLM_OUTPUT_INVALID}: a model's loose answer is
 * never read generously, so a half-extracted order number cannot lead to another customer's order.
 *
 * <p>Prototype scope, like {@code ${toolTask}}: the engine injects the fields into the instance it resolves.
 */
public class StructuredOutputDelegate implements JavaDelegate {

    public static final String INVALID = "LLM_OUTPUT_INVALID";

    private static final Map<String, CompiledSchema> SCHEMAS = new ConcurrentHashMap<>();

    private final Function<String, CompiledSchema> schemas;
    private Expression text;
    private Expression schema;

    /** {@code schemas} compiles the output schema of a name; each name is compiled once. */
    public StructuredOutputDelegate(Function<String, CompiledSchema> schemas) {
        this.schemas = schemas;
    }

    public void setText(Expression text) {
        this.text = text;
    }

    public void setSchema(Expression schema) {
        this.schema = schema;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String answer = String.valueOf(text.getValue(execution)).strip();
        CompiledSchema compiled = SCHEMAS.computeIfAbsent(String.valueOf(schema.getValue(execution)), schemas);
        JsonNode parsed;
        try {
            parsed = Json.parse(withoutCodeFence(answer));
        } catch (IllegalArgumentException notJson) {
            throw DiagramErrors.raise(execution, INVALID, "the LLM's answer is not JSON");
        }
        List<SchemaViolation> violations = compiled.validate(parsed);
        if (!violations.isEmpty()) {
            throw DiagramErrors.raise(
                    execution,
                    INVALID,
                    "the LLM's answer breaks " + compiled.name() + ": "
                            + violations.stream().map(SchemaViolation::where).collect(Collectors.joining("; ")));
        }
        parsed.properties()
                .forEach(
                        e -> execution.setVariable(e.getKey(), Json.mapper().convertValue(e.getValue(), Object.class)));
    }

    /** Models often wrap JSON in a Markdown fence despite the prompt; the fence carries no content. */
    public static String withoutCodeFence(String answer) {
        if (answer.startsWith("```") && answer.endsWith("```") && answer.length() >= 6) {
            String inner = answer.substring(3, answer.length() - 3);
            return inner.startsWith("json") ? inner.substring(4) : inner;
        }
        return answer;
    }
}
