package io.autobiz.kernel.events;

import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code event_store} table. An event is stored at most once per (tenant, source, provider event ID): the unique
 * index {@code idx_events_tenant_source} decides, so concurrent deliveries of one event cannot both be stored.
 */
public final class EventStore {

    /** Where an event is in its life. */
    public enum Status {
        RECEIVED,
        PROCESSED,
        UNMATCHED,
        FAILED
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final TenantJdbc jdbc;
    private final Clock clock;

    public EventStore(TenantJdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores a verified event and returns its ID, or empty when this provider event was stored before. */
    public Optional<String> append(VerifiedEvent event) {
        String id = UUID.randomUUID().toString();
        try {
            return jdbc.inNewTransaction(event.tenant(), connection -> {
                try (PreparedStatement insert = connection.prepareStatement("insert into event_store (event_id,"
                        + " tenant_id, source, provider_event_id, event_type, entity_id, payload, payload_sha256,"
                        + " signature_valid, status, correlation_id, received_at, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, ?, ?)")) {
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
                    insert.setTimestamp(i, now);
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

    /** A stored event, found by the provider's own ID. */
    public record StoredEvent(String eventId, Status status) {}

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

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
