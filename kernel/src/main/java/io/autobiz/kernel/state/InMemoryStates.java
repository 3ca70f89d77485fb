package io.autobiz.kernel.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.JsonPatch;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Versioned state in memory, with the same optimistic check as {@link JdbcStates}: for unit tests and benchmarks. */
public final class InMemoryStates implements States {

    private final Map<String, List<StateVersion>> versions = new ConcurrentHashMap<>();

    @Override
    public Optional<StateVersion> current(TenantId tenant, String entityId) {
        List<StateVersion> history = versions.get(tenant.value() + "|" + entityId);
        return history == null || history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    @Override
    public synchronized StateVersion apply(RunContext run, String entityId, long expectedVersion, JsonNode patch) {
        Optional<StateVersion> current = current(run.tenant(), entityId);
        long actual = current.map(StateVersion::version).orElse(0L);
        if (actual != expectedVersion) {
            throw KernelError.of(
                    ErrorCode.STATE_CONFLICT,
                    "state of " + entityId + " moved from version " + expectedVersion + " to " + actual);
        }
        JsonNode after = JsonPatch.apply(patch, current.map(StateVersion::state).orElseGet(Json::object));
        StateVersion next = new StateVersion(entityId, actual + 1, patch, after, CanonicalJson.sha256Hex(after));
        versions.computeIfAbsent(run.tenant().value() + "|" + entityId, k -> new ArrayList<>())
                .add(next);
        return next;
    }
}
