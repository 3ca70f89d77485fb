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
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Events} in the {@code event_store} table. An event is stored at most once per (tenant, source, provider event ID), per
 * (tenant, source, dedup key) and per (tenant, source, SHA-256 of its signed body): unique indexes decide, so
 * concurrent deliveries of one event cannot both be stored.
 */
public final class JdbcEvents implements Events {

    private static final String UNIQUE_VIOLATION = "23505";
    /** Row-level security's refusal (and a missing grant, which then fails alone too). */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** The most events one commit takes; more waiting are taken by the next. */
    private static final int MAX_GROUP = 64;

    private static final String INSERT = "insert into event_store (event_id, tenant_id, source, provider_event_id,"
            + " event_type, entity_id, payload, payload_sha256, signature_valid, status, correlation_id, received_at,"
            + " created_at, updated_at, dedup_key, message_name, body_sha256, typed_event)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final TenantJdbc jdbc;
    private final Clock clock;
    private final Map<TenantId, Group> groups = new ConcurrentHashMap<>();

    public JdbcEvents(TenantJdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Group commit: concurrent appends of one store's events share a transaction (one tenant context, the inserts as
     * one batch, one commit), and each caller returns only after the commit that stored its event. A caller queues its
     * event and takes the store's lock; whoever holds it commits everything queued so far, so while one group commits
     * the next one gathers, and a caller alone commits alone, as before. If a group's transaction fails because a row
     * was refused (a duplicate among them, a constraint, row-level security), nothing of it was stored, and each of its
     * events is appended alone, so every caller gets the answer or the error its own event would have got; if the
     * database itself failed, every caller of the group gets that error.
     */
    @Override
    public Optional<String> append(VerifiedEvent event) {
        Pending pending = new Pending(event);
        Group group = groups.computeIfAbsent(event.tenant(), tenant -> new Group());
        group.queue.add(pending);
        group.lock.lock();
        try {
            while (!pending.done) {
                List<Pending> gathered = group.drain();
                if (gathered.isEmpty()) {
                    throw new IllegalStateException("an event was neither committed nor waiting for a commit");
                }
                try {
                    commit(event.tenant(), gathered);
                } finally {
                    // Only an Error gets here with events undecided: their callers must not wait for ever.
                    for (Pending undecided : gathered) {
                        if (!undecided.done) {
                            undecided.failed(new IllegalStateException("the commit of this event did not finish"));
                        }
                    }
                }
            }
        } finally {
            group.lock.unlock();
        }
        return pending.outcome();
    }

    private void commit(TenantId tenant, List<Pending> gathered) {
        if (gathered.size() > 1) {
            try {
                jdbc.inNewTransaction(tenant, connection -> {
                    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                        Timestamp now = Timestamp.from(clock.instant());
                        for (Pending pending : gathered) {
                            bind(insert, pending, now);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                    return null;
                });
                gathered.forEach(pending -> pending.stored(true));
                return;
            } catch (RuntimeException e) {
                if (!refusedARow(e)) {
                    // The database, not one of the events, failed (a lost connection, a timeout): trying each event
                    // alone would only make every caller wait as many times for the same failure.
                    gathered.forEach(pending -> pending.failed(e));
                    return;
                }
                // Rolled back as a whole: each event is tried again on its own below.
            }
        }
        for (Pending pending : gathered) {
            try {
                pending.stored(appendAlone(pending));
            } catch (RuntimeException e) {
                pending.failed(e);
            }
        }
    }

    /** True when stored, false when a unique index says this provider event was stored before. */
    private boolean appendAlone(Pending pending) {
        try {
            jdbc.inNewTransaction(pending.event.tenant(), connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    bind(insert, pending, Timestamp.from(clock.instant()));
                    insert.executeUpdate();
                }
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement insert, Pending pending, Timestamp now) throws SQLException {
        VerifiedEvent event = pending.event;
        int i = 1;
        insert.setString(i++, pending.id);
        insert.setString(i++, event.tenant().value());
        insert.setString(i++, event.source());
        insert.setString(i++, event.providerEventId());
        insert.setString(i++, event.eventType());
        insert.setString(i++, event.entityId() == null ? null : event.entityId().toString());
        insert.setString(i++, event.payload());
        insert.setString(i++, Digests.sha256Hex(event.payload()));
        insert.setString(i++, Status.RECEIVED.name());
        insert.setString(i++, event.correlationId());
        insert.setTimestamp(i++, Timestamp.from(event.receivedAt()));
        insert.setTimestamp(i++, now);
        insert.setTimestamp(i++, now);
        insert.setString(i++, event.dedupKey());
        insert.setString(i++, event.message() == null ? null : event.message().messageName());
        insert.setString(i++, event.signedBodySha256());
        insert.setString(i, event.typedEvent() == null ? null : TypedEvents.write(event.typedEvent()));
    }

    /** One store's queue of events waiting for a commit, and the lock whose holder commits them. */
    private static final class Group {
        final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
        final ReentrantLock lock = new ReentrantLock();

        List<Pending> drain() {
            List<Pending> gathered = new ArrayList<>();
            Pending next;
            while (gathered.size() < MAX_GROUP && (next = queue.poll()) != null) {
                gathered.add(next);
            }
            return gathered;
        }
    }

    /**
     * One caller's event and, once a commit decided it, its outcome. Written by the lock's holder and read by its
     * caller after taking the same lock, so the lock makes the outcome visible.
     */
    private static final class Pending {
        final VerifiedEvent event;
        final String id = UUID.randomUUID().toString();
        boolean done;
        boolean stored;
        RuntimeException error;

        Pending(VerifiedEvent event) {
            this.event = event;
        }

        void stored(boolean stored) {
            this.stored = stored;
            this.done = true;
        }

        void failed(RuntimeException error) {
            this.error = error;
            this.done = true;
        }

        Optional<String> outcome() {
            if (error != null) {
                throw error;
            }
            return stored ? Optional.of(id) : Optional.empty();
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

    /**
     * Whether a row of the group was refused (an integrity constraint, such as the unique indexes that make a delivery
     * a duplicate, or row-level security), so that the others may be stored without it. A batch's driver reports the
     * refused statement's error as the exception's state, or chained as its next exception.
     */
    private static boolean refusedARow(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            for (SQLException sql = cause instanceof SQLException first ? first : null;
                    sql != null;
                    sql = sql.getNextException()) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("23") || state.equals(INSUFFICIENT_PRIVILEGE))) {
                    return true;
                }
            }
        }
        return false;
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
