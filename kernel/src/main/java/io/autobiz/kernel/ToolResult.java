package io.autobiz.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.tool.ToolId;
import io.autobiz.kernel.tool.ToolUsage;

/**
 * What a tool call produced, after its output was validated.
 *
 * @param tool the exact tool and version that ran
 * @param output the validated output
 * @param replayed true when an earlier identical call's stored result was returned instead of executing again
 * @param usage what the call consumed (empty when replayed)
 */
@KernelApi
public record ToolResult(ToolId tool, ObjectNode output, boolean replayed, ToolUsage usage) {}
