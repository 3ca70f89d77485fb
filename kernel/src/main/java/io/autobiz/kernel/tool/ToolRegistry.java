package io.autobiz.kernel.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.schema.SchemaValidator;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The tools AutoBiz knows, by name and version. Filled once at start-up; a contract that cannot be honoured (a
 * duplicate, a schema that does not compile, a schema that lets unknown fields through) stops the start-up instead of
 * failing a workflow later.
 */
@KernelApi
public final class ToolRegistry {

    private final Map<String, NavigableMap<Integer, RegisteredTool>> byName = new TreeMap<>();

    public ToolRegistry(Collection<? extends Tool> tools, SchemaValidator validator) {
        for (Tool tool : tools) {
            ToolContract contract = tool.contract();
            ToolId id = contract.id();
            refuseOpenSchemas(id, "input", contract.inputSchema());
            refuseOpenSchemas(id, "output", contract.outputSchema());
            RegisteredTool registered = new RegisteredTool(
                    tool,
                    contract,
                    validator.compile(id + " input", contract.inputSchema()),
                    validator.compile(id + " output", contract.outputSchema()));
            RegisteredTool previous =
                    byName.computeIfAbsent(id.name(), n -> new TreeMap<>()).putIfAbsent(id.version(), registered);
            if (previous != null) {
                throw new IllegalStateException("tool " + id + " is registered twice");
            }
        }
    }

    private static void refuseOpenSchemas(ToolId id, String which, JsonNode schema) {
        List<String> open = ClosedSchemas.openObjects(schema);
        if (!open.isEmpty()) {
            throw new IllegalStateException("the " + which + " schema of " + id
                    + " lets unknown fields through: set \"additionalProperties\": false at " + open);
        }
    }

    /** The tool a reference names: exactly that version, or the newest one when none is given. */
    public RegisteredTool resolve(ToolRef ref) {
        NavigableMap<Integer, RegisteredTool> versions = byName.get(ref.name());
        RegisteredTool found = null;
        if (versions != null) {
            found = ref.version().isPresent()
                    ? versions.get(ref.version().getAsInt())
                    : versions.lastEntry().getValue();
        }
        if (found == null) {
            throw KernelError.of(
                    ErrorCode.TOOL_UNKNOWN,
                    "no tool is registered as '" + ref + "'",
                    Map.of("tool", ref.toString(), "known", knownVersionsOf(ref.name())));
        }
        return found;
    }

    public List<ToolContract> contracts() {
        return byName.values().stream()
                .flatMap(versions -> versions.values().stream())
                .map(RegisteredTool::contract)
                .toList();
    }

    private List<String> knownVersionsOf(String name) {
        NavigableMap<Integer, RegisteredTool> versions = byName.get(name);
        return versions == null
                ? List.of()
                : versions.values().stream().map(t -> t.id().toString()).toList();
    }
}
