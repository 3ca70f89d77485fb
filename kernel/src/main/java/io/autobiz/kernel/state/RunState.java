package io.autobiz.kernel.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Instant;

/**
 * How a run's state document follows from its tool calls: a pure function of the previous state, the tool, its
 * (redacted) output and the kernel clock's instant, so the same transcript replayed with the recorded clock yields the
 * same state and hash. The document: {@code {"steps": n, "lastAt": "...", "results": {"<tool@v>": <output>}}}.
 */
public final class RunState {

    private RunState() {}

    /** The entity ID of a run's state: {@code {tenant}:run:{runId}}. */
    public static String entityId(TenantId tenant, String runId) {
        return tenant.value() + ":run:" + runId;
    }

    public static ObjectNode next(JsonNode previous, String tool, JsonNode output, Instant at) {
        ObjectNode next = previous == null || !previous.isObject()
                ? io.autobiz.kernel.json.Json.object()
                : ((ObjectNode) previous).deepCopy();
        next.put("steps", next.path("steps").asLong(0) + 1);
        next.put("lastAt", at.toString());
        ObjectNode results = next.has("results") && next.get("results").isObject()
                ? (ObjectNode) next.get("results")
                : next.putObject("results");
        results.set(tool, output == null ? io.autobiz.kernel.json.Json.object() : output.deepCopy());
        return next;
    }
}
