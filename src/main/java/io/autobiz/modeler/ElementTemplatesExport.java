package io.autobiz.modeler;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.autobiz.businessconfig.ConfigCheck;
import io.autobiz.kernel.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the element templates of this build's tools, where Camunda Modeler finds them for every diagram in the
 * repository ({@code .camunda/element-templates/} above {@code processes/}):
 *
 * <pre>
 * java -Dloader.main=io.autobiz.modeler.ElementTemplatesExport -jar src/target/autobiz.jar \
 *      .camunda/element-templates/autobiz-tools.json
 * </pre>
 */
public final class ElementTemplatesExport {

    public static final Path DEFAULT_FILE = Path.of(".camunda", "element-templates", "autobiz-tools.json");

    private ElementTemplatesExport() {}

    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0]) : DEFAULT_FILE;
        String json = render();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, json);
        System.out.println("wrote " + target);
    }

    /** The templates as the file holds them: pretty-printed, with a final newline, so diffs stay readable. */
    public static String render() {
        try {
            return Json.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(ElementTemplates.of(ConfigCheck.toolCatalog()))
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("element templates could not be written", e);
        }
    }
}
