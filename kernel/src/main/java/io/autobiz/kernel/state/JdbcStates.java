package io.autobiz.kernel.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Versioned entity state in {@code state_versions}: each write is an RFC 6902 patch (zjsonpatch) applied to the
 * version the writer read, stored as the next version in the caller's transaction. The primary key (tenant, entity,
 * version) is the optimistic lock: of two writers from the same version one inserts, the other is refused with the
 * retryable {@code STATE_CONFLICT} and counted in {@code state_conflict_total}.
 */
public final class JdbcStates implements States {

    private static final String UNIQUE_VIOLATION = "23505";

    private final TenantJdbc jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    public JdbcStates(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.meters = Objects.requireNonNull(meters);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The newest version, read in the caller's transaction. */
    @Override
    public Optional<StateVersion> current(TenantId tenant, String entityId) {
        List<StateVersion> newest = select(tenant, entityId, " order by version desc", 1);
        return newest.stream().findFirst();
    }

    /** Every version, oldest first. */
    public List<StateVersion> history(TenantId tenant, String entityId) {
        return select(tenant, entityId, " order by version", Integer.MAX_VALUE);
    }

    /**
     * Applies {@code patch} to version {@code expectedVersion} (0: the entity has no state yet, i.e. {@code {}}) and
     * stores the result as the next version.
     *
     * @throws KernelError {@code STATE_CONFLICT} when the entity is no longer at {@code expectedVersion};
     *     {@code SCHEMA_INVALID} when the patch does not apply
     */
    @Override
    public StateVersion apply(RunContext run, String entityId, long expectedVersion, JsonNode patch) {
        TenantId tenant = run.tenant();
        Optional<StateVersion> current = current(tenant, entityId);
        long actual = current.map(StateVersion::version).orElse(0L);
        if (actual != expectedVersion) {
            throw conflict(entityId, expectedVersion, actual);
        }
        JsonNode before = current.map(StateVersion::state).orElseGet(Json::object);
        JsonNode after;
        try {
            after = JsonPatch.apply(patch, before);
        } catch (JsonPatchApplicationException | IllegalArgumentException e) {
            throw KernelError.of(
                    ErrorCode.SCHEMA_INVALID,
                    "the state patch for " + entityId + " does not apply to version " + actual + ": " + e.getMessage(),
                    Map.of("entityId", entityId));
        }
        StateVersion next = new StateVersion(entityId, actual + 1, patch, after, CanonicalJson.sha256Hex(after));
        try {
            jdbc.inTransaction(tenant, connection -> insert(connection, run, next));
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw conflict(entityId, expectedVersion, expectedVersion + 1);
            }
            throw e;
        }
        return next;
    }

    private KernelError conflict(String entityId, long expected, long actual) {
        meters.counter("state_conflict_total").increment();
        return KernelError.of(
                ErrorCode.STATE_CONFLICT,
                "state of " + entityId + " was written concurrently: expected version " + expected + ", found "
                        + actual,
                Map.of("entityId", entityId, "expectedVersion", expected, "actualVersion", actual));
    }

    private Void insert(Connection connection, RunContext run, StateVersion version) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into state_versions (tenant_id,"
                + " entity_id, version, patch, state, state_sha256, correlation_id, run_id, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(clock.instant());
            int i = 1;
            insert.setString(i++, run.tenant().value());
            insert.setString(i++, version.entityId());
            insert.setLong(i++, version.version());
            insert.setString(i++, Json.write(version.patch()));
            insert.setString(i++, CanonicalJson.canonicalize(version.state()));
            insert.setString(i++, version.sha256());
            insert.setString(i++, run.correlationId());
            insert.setString(i++, run.runId());
            insert.setTimestamp(i++, now);
            insert.setTimestamp(i, now);
            insert.executeUpdate();
        }
        return null;
    }

    private List<StateVersion> select(TenantId tenant, String entityId, String order, int limit) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select entity_id, version, patch, state, state_sha256 from state_versions"
                            + " where tenant_id = ? and entity_id = ?" + order)) {
                select.setString(1, tenant.value());
                select.setString(2, entityId);
                select.setMaxRows(limit == Integer.MAX_VALUE ? 0 : limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<StateVersion> versions = new ArrayList<>();
                    while (rows.next()) {
                        versions.add(new StateVersion(
                                rows.getString(1),
                                rows.getLong(2),
                                Json.parse(rows.getString(3)),
                                Json.parse(rows.getString(4)),
                                rows.getString(5)));
                    }
                    return versions;
                }
            }
        });
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
