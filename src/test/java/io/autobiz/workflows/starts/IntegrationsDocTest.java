package io.autobiz.workflows.starts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.Hygiene;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/integrations.md lists each workflow's start as its declaration says, between two markers; this test renders
 * that part from {@code workflows/starts/*.json} and fails when the file says anything else. To update the file after
 * changing a declaration: {@code ./mvnw -pl src test -Dtest=IntegrationsDocTest -Dautobiz.docs.write=true}.
 */
@Hygiene
class IntegrationsDocTest {

    private static final Path DOC =
            Path.of("").toAbsolutePath().getParent().resolve("docs").resolve("integrations.md");
    private static final String BEGIN =
            "<!-- generated from src/main/resources/workflows/starts/*.json by IntegrationsDocTest; do not edit -->";
    private static final String END = "<!-- end of generated part -->";

    @Test
    @DisplayName("issue 21: docs/integrations.md shows every workflow's start as its declaration (one source)")
    void docsShowTheDeclarations() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin)
                .as("docs/integrations.md has the generated part's markers")
                .isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String rendered = render(StartDeclarations.load());
        String updated = doc.substring(0, begin) + BEGIN + "\n" + rendered + END + doc.substring(end + END.length());
        if (Boolean.getBoolean("autobiz.docs.write")) {
            Files.writeString(DOC, updated, StandardCharsets.UTF_8);
        }
        assertThat(doc).isEqualTo(updated);
    }

    static String render(StartDeclarations declarations) {
        StringBuilder md = new StringBuilder();
        for (StartDeclaration declaration : declarations.all()) {
            md.append("\n### ")
                    .append(declaration.workflow())
                    .append(" (`")
                    .append(declaration.process())
                    .append("`)\n\n");
            md.append(declaration.description()).append("\n\n");
            md.append(declaration
                            .message()
                            .map(message -> "Start message: `" + message + "`. ")
                            .orElse("No start message: "
                                    + "started by its timer, or by key with the store in the path. "))
                    .append("Business key: ")
                    .append(declaration.businessKey())
                    .append(".\n\n");
            md.append("| Variable | Required | Type | Rule | Meaning |\n|---|---|---|---|---|\n");
            for (Iterator<Map.Entry<String, JsonNode>> properties =
                            declaration.variables().path("properties").fields();
                    properties.hasNext(); ) {
                Map.Entry<String, JsonNode> property = properties.next();
                JsonNode rule = property.getValue();
                md.append("| `")
                        .append(property.getKey())
                        .append("` | ")
                        .append(declaration.isRequired(property.getKey()) ? "yes" : "no")
                        .append(" | ")
                        .append(rule.path("type").toString().replace("\"", "").replace(",", ", "))
                        .append(" | ")
                        .append(ruleOf(rule))
                        .append(" | ")
                        .append(rule.path("description").asText())
                        .append(" |\n");
            }
            md.append("\n```sh\n").append(curl(declaration)).append("```\n");
        }
        return md.append('\n').toString();
    }

    private static String ruleOf(JsonNode rule) {
        StringBuilder text = new StringBuilder();
        for (String keyword : new String[] {"pattern", "format", "minimum", "maximum", "minLength", "maxLength"}) {
            if (rule.has(keyword)) {
                text.append(text.isEmpty() ? "" : ", ")
                        .append(keyword)
                        .append(" `")
                        .append(rule.get(keyword).asText().replace("|", "\\|"))
                        .append('`');
            }
        }
        return text.toString();
    }

    /** The declared example as the REST API takes it, by start message where there is one; a variable a line. */
    private static String curl(StartDeclaration declaration) {
        List<String> variables = new ArrayList<>();
        declaration
                .example()
                .fields()
                .forEachRemaining(field -> variables.add("    " + Json.write(TextNode.valueOf(field.getKey()))
                        + ": {\"value\": " + Json.write(field.getValue()) + "}"));
        String businessKey = Json.write(TextNode.valueOf(declaration.process() + "-example-1"));
        String path;
        String head;
        if (declaration.message().isPresent()) {
            path = "/engine-rest/message";
            head = "{\"messageName\": "
                    + Json.write(TextNode.valueOf(declaration.message().get())) + ", \"businessKey\": " + businessKey
                    + ", \"resultEnabled\": true,\n  \"processVariables\": {\n";
        } else {
            path = "/engine-rest/process-definition/key/" + declaration.process() + "/tenant-id/demo-store/start";
            head = "{\"businessKey\": " + businessKey + ",\n  \"variables\": {\n";
        }
        return "curl -u admin:admin -X POST localhost:8080" + path
                + " \\\n     -H 'Content-Type: application/json' -d '" + head + String.join(",\n", variables)
                + "\n  }}'\n";
    }
}
