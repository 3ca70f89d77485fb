package io.autobiz.inbox;

import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link Events} in the {@code event_store} table. An event is stored at most once per (tenant, source, provider event ID), per
 * (tenant, source, dedup key) and per (tenant, source, SHA-256 of its signed body): unique indexes decide, so
 * concurrent deliveries of one event cannot both be stored.
 */
public final class JdbcEvents implements Events {

    private static final String UNIQUE_VIOLATION = "23505";

    private final TenantJdbc jdbc;
    private final Clock clock;

    public JdbcEvents(TenantJdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<String> append(VerifiedEvent event) {
        String id = UUID.randomUUID().toString();
        try {
            return jdbc.inNewTransaction(event.tenant(), connection -> {
                try (PreparedStatement insert = connection.prepareStatement("insert into event_store (event_id,"
                        + " tenant_id, source, provider_event_id, event_type, entity_id, payload, payload_sha256,"
                        + " signature_valid, status, correlation_id, received_at, created_at, updated_at, dedup_key,"
                        + " message_name, body_sha256, typed_event) values (?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?)")) {
                    Timestamp now = Timestamp.from(clock.instant());
                    int i = 1;
                    insert.setString(i++, id);
                    insert.setString(i++, event.tenant().value());
                    insert.setString(i++, event.source());
                    insert.setString(i++, event.providerEventId());
                    insert.setString(i++, event.eventType());
                    insert.setString(
                            i++,
                            event.entityId() == null ? null : event.entityId().toString());
                    insert.setString(i++, event.payload());
                    insert.setString(i++, Digests.sha256Hex(event.payload()));
                    insert.setString(i++, Status.RECEIVED.name());
                    insert.setString(i++, event.correlationId());
                    insert.setTimestamp(i++, Timestamp.from(event.receivedAt()));
                    insert.setTimestamp(i++, now);
                    insert.setTimestamp(i++, now);
                    insert.setString(i++, event.dedupKey());
                    insert.setString(
                            i++,
                            event.message() == null ? null : event.message().messageName());
                    insert.setString(i++, event.signedBodySha256());
                    insert.setString(i, event.typedEvent() == null ? null : TypedEvents.write(event.typedEvent()));
                    insert.executeUpdate();
                }
                return Optional.of(id);
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void mark(TenantId tenant, String eventId, Status status) {
        jdbc.inNewTransaction(tenant, connection -> {
            try (PreparedStatement update = connection.prepareStatement("update event_store set status = ?,"
                    + " processed_at = ?, updated_at = ? where tenant_id = ? and event_id = ?")) {
                Timestamp now = Timestamp.from(clock.instant());
                update.setString(1, status.name());
                update.setTimestamp(2, status == Status.RECEIVED ? null : now);
                update.setTimestamp(3, now);
                update.setString(4, tenant.value());
                update.setString(5, eventId);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<StoredEvent> findByProviderId(TenantId tenant, String source, String providerEventId) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select event_id, status from event_store"
                    + " where tenant_id = ? and source = ? and provider_event_id = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, source);
                select.setString(3, providerEventId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new StoredEvent(rows.getString(1), Status.valueOf(rows.getString(2))))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Status> statusOf(TenantId tenant, String eventId) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select status from event_store where tenant_id = ? and event_id = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, eventId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(Status.valueOf(rows.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<EventView> list(TenantId tenant, Set<Status> states, int limit) {
        if (states.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", states.stream().map(x -> "?").toList());
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select event_id, source, provider_event_id,"
                    + " event_type, entity_id, message_name, status, received_at, hold_until, timeout_released,"
                    + " operator_released, attempts, outcome from event_store where tenant_id = ? and status in ("
                    + marks + ") order by received_at, event_id limit ?")) {
                int i = 1;
                select.setString(i++, tenant.value());
                for (Status state : states) {
                    select.setString(i++, state.name());
                }
                select.setInt(i, limit);
                List<EventView> views = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Timestamp holdUntil = rows.getTimestamp(9);
                        views.add(new EventView(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5),
                                rows.getString(6),
                                Status.valueOf(rows.getString(7)),
                                rows.getTimestamp(8).toInstant(),
                                holdUntil == null ? null : holdUntil.toInstant(),
                                rows.getBoolean(10),
                                rows.getBoolean(11),
                                rows.getInt(12),
                                rows.getString(13)));
                    }
                }
                return views;
            }
        });
    }

    @Override
    public boolean release(TenantId tenant, String eventId) {
        return jdbc.inNewTransaction(tenant, connection -> {
            String marks = String.join(", ", RELEASABLE.stream().map(x -> "?").toList());
            try (PreparedStatement update = connection.prepareStatement("update event_store set status = ?,"
                    + " operator_released = true, attempts = 0, updated_at = ? where tenant_id = ? and event_id = ?"
                    + " and status in (" + marks + ")")) {
                int i = 1;
                update.setString(i++, Status.RECEIVED.name());
                update.setTimestamp(i++, Timestamp.from(clock.instant()));
                update.setString(i++, tenant.value());
                update.setString(i++, eventId);
                for (Status state : RELEASABLE) {
                    update.setString(i++, state.name());
                }
                return update.executeUpdate() == 1;
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
