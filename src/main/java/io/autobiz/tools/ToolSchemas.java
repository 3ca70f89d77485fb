package io.autobiz.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.ToolContract;

/**
 * Tool schemas live as JSON files under {@code tools/<name>@<version>/} on the classpath, where reviewers, the
 * contract tests and the Modeler template generator all read the same text.
 */
public final class ToolSchemas {

    private ToolSchemas() {}

    /** A contract builder for {@code name@version} with its input and output schemas already loaded. */
    public static ToolContract.Builder contract(String name, int version) {
        String folder = "/tools/" + name + "@" + version + "/";
        return ToolContract.builder(name, version)
                .input(schema(folder + "input.json"))
                .output(schema(folder + "output.json"));
    }

    private static JsonNode schema(String path) {
        return Json.resource(ToolSchemas.class, path);
    }
}
