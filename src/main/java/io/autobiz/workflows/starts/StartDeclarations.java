package io.autobiz.workflows.starts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Every workflow's start declaration, read once from {@code workflows/starts/{process key}.json} on the classpath. */
public final class StartDeclarations {

    static final String LOCATION = "classpath*:workflows/starts/*.json";

    private final Map<String, StartDeclaration> byProcess;

    private StartDeclarations(Map<String, StartDeclaration> byProcess) {
        this.byProcess = byProcess;
    }

    public static StartDeclarations load() {
        SchemaValidator validator = new SchemaValidator();
        Map<String, StartDeclaration> byProcess = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
                StartDeclaration declaration = read(resource, validator);
                String expected = declaration.process() + ".json";
                if (!expected.equals(resource.getFilename())) {
                    throw new IllegalStateException(
                            resource.getFilename() + " declares process '" + declaration.process() + "'");
                }
                byProcess.put(declaration.process(), declaration);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOCATION, e);
        }
        return new StartDeclarations(Map.copyOf(byProcess));
    }

    private static StartDeclaration read(Resource resource, SchemaValidator validator) throws IOException {
        JsonNode document;
        try (InputStream in = resource.getInputStream()) {
            document = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String process = document.path("process").asText();
        if (!(document.get("variables") instanceof ObjectNode variables)
                || !(document.get("example") instanceof ObjectNode example)) {
            throw new IllegalStateException(resource.getFilename() + ": 'variables' and 'example' must be objects");
        }
        return new StartDeclaration(
                process,
                document.path("workflow").asText(),
                Optional.ofNullable(document.get("message")).map(JsonNode::asText),
                document.path("businessKey").asText(),
                document.path("description").asText(),
                variables,
                example,
                validator.compile("start of " + process, variables));
    }

    public Optional<StartDeclaration> forProcess(String processKey) {
        return Optional.ofNullable(byProcess.get(processKey));
    }

    /** The workflow this message starts, if it is a declared start message. */
    public Optional<StartDeclaration> startedBy(String messageName) {
        return byProcess.values().stream()
                .filter(declaration ->
                        declaration.message().filter(messageName::equals).isPresent())
                .findFirst();
    }

    /** In workflow order (WF01 first). */
    public Collection<StartDeclaration> all() {
        return byProcess.values().stream()
                .sorted(Comparator.comparing(StartDeclaration::workflow))
                .toList();
    }
}
