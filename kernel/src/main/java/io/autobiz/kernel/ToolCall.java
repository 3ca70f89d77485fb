package io.autobiz.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.tool.ToolRef;
import java.util.Objects;

/**
 * A request to run one tool with one input. The tool may be named without a version, meaning the newest registered
 * one; the trace records the exact version that ran. The input is checked against the tool's schema before anything
 * else.
 */
@KernelApi
public record ToolCall(ToolRef tool, ObjectNode input) {

    public ToolCall {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(input, "input");
    }
}
