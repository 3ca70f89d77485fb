package io.autobiz.kernel.tool;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.schema.CompiledSchema;

/** A tool with its schemas compiled once, at registration. */
@KernelApi
public record RegisteredTool(Tool tool, ToolContract contract, CompiledSchema input, CompiledSchema output) {

    public ToolId id() {
        return contract.id();
    }
}
