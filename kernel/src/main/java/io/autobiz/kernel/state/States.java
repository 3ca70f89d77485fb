package io.autobiz.kernel.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonDiff;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;

/** Versioned state as the pipeline sees it: {@link JdbcStates} (the database), or {@link InMemoryStates} in tests. */
@KernelApi
public interface States {

    Optional<StateVersion> current(TenantId tenant, String entityId);

    /** Applies an RFC 6902 patch to {@code expectedVersion}; refuses with {@code STATE_CONFLICT} if it moved on. */
    StateVersion apply(RunContext run, String entityId, long expectedVersion, JsonNode patch);

    /** State versions in the database, under the store's row-level security. */
    /** Writes {@code next} as the new state of the entity, as the patch from its current version. */
    default StateVersion replace(RunContext run, String entityId, ObjectNode next) {
        Optional<StateVersion> current = current(run.tenant(), entityId);
        JsonNode before = current.map(StateVersion::state).orElseGet(Json::object);
        return apply(run, entityId, current.map(StateVersion::version).orElse(0L), JsonDiff.asJson(before, next));
    }

    static States onDatabase(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        return new JdbcStates(jdbc, meters, clock);
    }
}
