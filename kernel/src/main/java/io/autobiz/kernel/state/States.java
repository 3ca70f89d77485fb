package io.autobiz.kernel.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Optional;

/** Versioned state as the pipeline sees it: {@link JdbcStates} (the database), or {@link InMemoryStates} in tests. */
@KernelApi
public interface States {

    Optional<StateVersion> current(TenantId tenant, String entityId);

    /** Applies an RFC 6902 patch to {@code expectedVersion}; refuses with {@code STATE_CONFLICT} if it moved on. */
    StateVersion apply(RunContext run, String entityId, long expectedVersion, JsonNode patch);
}
