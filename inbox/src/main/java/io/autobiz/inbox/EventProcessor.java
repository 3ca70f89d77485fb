package io.autobiz.inbox;

import io.autobiz.inbox.EventOrderingGate.Decision;
import io.autobiz.inbox.EventOrderingGate.GateEvent;
import io.autobiz.inbox.Events.Status;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes stored events one at a time and passes each through the {@link EventOrderingGate} to its workflow. Several
 * nodes may run it at once: an event is claimed with {@code FOR UPDATE SKIP LOCKED}, so each is handled by one node,
 * and its new state is written in the same transaction as the workflow step it caused.
 *
 * <p>Nothing is lost or stuck for good: a held event is released when its entity catches up or its hold expires; an
 * event whose message has no subscriber, whose precondition failed or whose delivery kept failing stays in the store
 * with a readable outcome, visible to operators, who may release it ({@link Events#release}).
 */
public final class EventProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);

    /** Hands an event to the workflow engine. */
    public interface Correlator {

        /** Correlates the event's message; NO_SUBSCRIBER, with nothing changed, when no process waits for it. */
        Delivery deliver(PendingEvent event);

        /** True if a process would accept the event's message now; changes nothing. */
        boolean canDeliver(PendingEvent event);

        /**
         * True if the engine already knows the entity past the step named by {@code message} although no event of it
         * was delivered (a workflow started by other means).
         */
        default boolean entityReached(PendingEvent event, WorkflowMessage message) {
            return false;
        }

        /**
         * Why no process needs the event any more although none waits for it, if that is so: its workflow already
         * got what the event reports another way (reconciliation delivered the shipment, or an earlier event did).
         * Empty when nothing did: the event is then not processed (held, or NO_SUBSCRIBER), never counted as handled.
         */
        default Optional<String> superseded(PendingEvent event) {
            return Optional.empty();
        }

        /**
         * True if a run that will wait for this continuation is still on its way there (e.g. a WF01 of the shipment's
         * order whose steps before the wait are still being retried): the event keeps waiting past its hold, until
         * that run takes it or gets it another way. False once no such run is running.
         */
        default boolean stillExpected(PendingEvent event) {
            return false;
        }
    }

    /** The outcome of a delivery. */
    public enum Delivery {
        DELIVERED,
        NO_SUBSCRIBER
    }

    /** Runs work in one transaction; the application joins the engine's, plain Java runs it directly. */
    public interface Transactions {
        <T> T inTransaction(Supplier<T> work);

        static Transactions direct() {
            return Supplier::get;
        }
    }

    /**
     * A claimed event.
     *
     * @param message the BPMN message it becomes; null when no workflow acts on it
     * @param typedEvent what it says happened, as its webhook read it at ingress; null when no workflow acts on it (or
     *     it was stored before events were typed)
     */
    public record PendingEvent(
            TenantId tenant,
            String eventId,
            String source,
            String providerEventId,
            String eventType,
            String entityId,
            WorkflowMessage message,
            ProviderEvent typedEvent,
            String payload,
            String correlationId,
            Instant receivedAt,
            Instant holdUntil,
            boolean timeoutReleased,
            boolean operatorReleased) {}

    /** What one pass did. */
    public record Outcome(String eventId, Status status, String detail) {}

    /** Delivery of a claimed event failed; its transaction rolled back and the failure is recorded separately. */
    static final class DeliveryFailed extends RuntimeException {
        final String eventId;

        DeliveryFailed(String eventId, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.eventId = eventId;
        }
    }

    private final TenantJdbc jdbc;
    private final EventOrderingGate gate;
    private final Correlator correlator;
    private final Transactions transactions;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int maxAttempts;

    public EventProcessor(
            TenantJdbc jdbc,
            EventOrderingGate gate,
            Correlator correlator,
            Transactions transactions,
            MeterRegistry meters,
            Clock clock,
            int maxAttempts) {
        this.jdbc = jdbc;
        this.gate = gate;
        this.correlator = correlator;
        this.transactions = transactions;
        this.meters = meters;
        this.clock = clock;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /**
     * Handles the next due event of the store, if any. A held event is due again when its entity moved on or after
     * {@code recheckAfter} has passed since it was last looked at.
     */
    public Optional<Outcome> processNext(TenantId tenant) {
        try {
            return transactions.inTransaction(() ->
                    jdbc.inTransaction(tenant, connection -> claimAndHandle(connection, tenant, clock.instant())));
        } catch (DeliveryFailed failed) {
            return Optional.of(recordFailure(tenant, failed.eventId, (RuntimeException) failed.getCause()));
        }
    }

    /** Handles due events until none is left or {@code max} were handled; returns how many were handled. */
    public int drain(TenantId tenant, int max) {
        int handled = 0;
        while (handled < max && processNext(tenant).isPresent()) {
            handled++;
        }
        return handled;
    }

    private Optional<Outcome> claimAndHandle(Connection connection, TenantId tenant, Instant now) throws SQLException {
        Optional<PendingEvent> claimed = claim(connection, tenant, now);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        PendingEvent event = claimed.get();
        if (event.message() == null) {
            return Optional.of(finish(connection, event, Status.IGNORED, "no workflow acts on " + event.eventType()));
        }
        Decision decision = event.operatorReleased()
                ? Decision.RELEASE
                : gate.decide(
                        new GateEvent(event.eventId(), event.entityId(), event.message(), event.holdUntil()),
                        progress(connection, event),
                        now);
        return Optional.of(
                switch (decision) {
                    case HOLD ->
                        hold(
                                connection,
                                event,
                                now,
                                "waiting for "
                                        + gate.predecessorOf(event.message())
                                                .map(WorkflowMessage::messageName)
                                                .orElse("?")
                                        + " of " + event.entityId());
                    case RELEASE -> deliver(connection, event, now, false);
                    case RELEASE_AFTER_TIMEOUT -> deliver(connection, event, now, true);
                    case RECONCILE -> {
                        Optional<String> superseded = correlator.superseded(event);
                        yield superseded.isPresent()
                                ? finishSuperseded(connection, event, superseded.get())
                                : reconcile(connection, event, now);
                    }
                });
    }

    private EventOrderingGate.EntityProgress progress(Connection connection, PendingEvent pending) {
        return new EventOrderingGate.EntityProgress() {
            @Override
            public boolean reached(GateEvent event, WorkflowMessage message) {
                return deliveredBefore(connection, pending, message) || correlator.entityReached(pending, message);
            }

            @Override
            public boolean preconditionHolds(GateEvent event) {
                return correlator.canDeliver(pending);
            }
        };
    }

    private Outcome deliver(Connection connection, PendingEvent event, Instant now, boolean afterTimeout)
            throws SQLException {
        if (afterTimeout) {
            event = withTimeoutFlag(event);
            setTimeoutReleased(connection, event);
            meters.counter(
                            "event_timeout_released_total",
                            "source",
                            event.source(),
                            "message",
                            event.message().messageName())
                    .increment();
            log.info(
                    "event {} ({}) released after its hold expired; precondition checked",
                    event.eventId(),
                    event.eventType());
        }
        Delivery delivery;
        try {
            delivery = correlator.deliver(event);
        } catch (RuntimeException e) {
            throw new DeliveryFailed(event.eventId(), e);
        }
        if (delivery == Delivery.DELIVERED) {
            wakeHeldSiblings(connection, event, now);
            meters.counter("event_processed_total", "source", event.source(), "outcome", "delivered")
                    .increment();
            return finish(connection, event, Status.PROCESSED, "delivered " + event.message());
        }
        Optional<String> superseded = correlator.superseded(event);
        if (superseded.isPresent()) {
            return finishSuperseded(connection, event, superseded.get());
        }
        // A continuation may come before its workflow waits for it: it waits, like an out-of-order event.
        boolean continuation = gate.predecessorOf(event.message()).isPresent();
        boolean expired = event.holdUntil() != null && !now.isBefore(event.holdUntil());
        if (continuation && !expired && !event.operatorReleased()) {
            return hold(connection, event, now, "no process waits for " + event.message() + " yet");
        }
        if (continuation && expired && !event.operatorReleased() && correlator.stillExpected(event)) {
            // Its run is still on its way to the wait: holding on is not losing it (held again for a hold period).
            return rehold(connection, event, now, "its run has not reached the wait for " + event.message() + " yet");
        }
        meters.counter("event_processed_total", "source", event.source(), "outcome", "no_subscriber")
                .increment();
        return finish(
                connection,
                event,
                Status.NO_SUBSCRIBER,
                "no process subscribes to message " + event.message() + "; release it once one is deployed");
    }

    /**
     * PROCESSED, with an outcome that says the workflow had already got what the event reports: handled, not lost
     * ({@code event_processed_total{outcome="superseded"}}).
     */
    private Outcome finishSuperseded(Connection connection, PendingEvent event, String why) throws SQLException {
        meters.counter("event_processed_total", "source", event.source(), "outcome", "superseded")
                .increment();
        log.info("event {} ({}) superseded: {}", event.eventId(), event.eventType(), why);
        return finish(connection, event, Status.PROCESSED, "superseded: " + why);
    }

    private Outcome rehold(Connection connection, PendingEvent event, Instant now, String why) throws SQLException {
        return hold(connection, event, now, why, gate.holdUntil(now));
    }

    private Outcome hold(Connection connection, PendingEvent event, Instant now, String why) throws SQLException {
        return hold(connection, event, now, why, event.holdUntil() == null ? gate.holdUntil(now) : event.holdUntil());
    }

    private Outcome hold(Connection connection, PendingEvent event, Instant now, String why, Instant holdUntil)
            throws SQLException {
        boolean first = event.holdUntil() == null;
        try (PreparedStatement update = connection.prepareStatement("update event_store set status = ?, hold_until = ?,"
                + " outcome = ?, updated_at = ? where tenant_id = ? and event_id = ?")) {
            update.setString(1, Status.HELD.name());
            update.setTimestamp(2, Timestamp.from(holdUntil));
            update.setString(3, truncate(why));
            update.setTimestamp(4, Timestamp.from(now));
            update.setString(5, event.tenant().value());
            update.setString(6, event.eventId());
            update.executeUpdate();
        }
        if (first) {
            meters.counter(
                            "event_held_total",
                            "source",
                            event.source(),
                            "message",
                            event.message().messageName())
                    .increment();
        }
        return new Outcome(event.eventId(), Status.HELD, why);
    }

    private Outcome reconcile(Connection connection, PendingEvent event, Instant now) throws SQLException {
        String why = event.message() + " waited until " + event.holdUntil() + " for "
                + gate.predecessorOf(event.message())
                        .map(WorkflowMessage::messageName)
                        .orElse("?") + " and its precondition does not hold";
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into reconciliation (reconciliation_id,"
                        + " tenant_id, entity_type, entity_id, drift_kind, financial, local_value, provider_value, status,"
                        + " resolution, event_id, created_at, updated_at) values (?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            insert.setString(i++, UUID.randomUUID().toString());
            insert.setString(i++, event.tenant().value());
            insert.setString(i++, "event");
            insert.setString(i++, event.entityId());
            insert.setString(i++, "EVENT_PRECONDITION_VIOLATED");
            insert.setString(
                    i++,
                    "no "
                            + gate.predecessorOf(event.message())
                                    .map(WorkflowMessage::messageName)
                                    .orElse("?"));
            insert.setString(i++, event.eventType());
            insert.setString(i++, "OPEN");
            insert.setString(i++, truncate(why));
            insert.setString(i++, event.eventId());
            insert.setTimestamp(i++, Timestamp.from(now));
            insert.setTimestamp(i, Timestamp.from(now));
            insert.executeUpdate();
        }
        meters.counter("event_reconciliation_routed_total", "source", event.source())
                .increment();
        return finish(connection, event, Status.RECONCILE, why);
    }

    /** Records a failed delivery in its own transaction, after the one that tried it rolled back. */
    Outcome recordFailure(TenantId tenant, String eventId, RuntimeException cause) {
        String detail = truncate("delivery failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        log.warn("event {} of {}: {}", eventId, tenant, detail);
        return jdbc.inNewTransaction(tenant, connection -> {
            int attempts;
            try (PreparedStatement select = connection.prepareStatement(
                    "select attempts from event_store where tenant_id = ? and event_id = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, eventId);
                try (ResultSet rows = select.executeQuery()) {
                    attempts = rows.next() ? rows.getInt(1) + 1 : 1;
                }
            }
            Status status = attempts >= maxAttempts ? Status.FAILED : Status.RECEIVED;
            try (PreparedStatement update = connection.prepareStatement("update event_store set status = ?,"
                    + " attempts = ?, outcome = ?, updated_at = ? where tenant_id = ? and event_id = ?")) {
                update.setString(1, status.name());
                update.setInt(2, attempts);
                update.setString(3, detail);
                update.setTimestamp(4, Timestamp.from(clock.instant()));
                update.setString(5, tenant.value());
                update.setString(6, eventId);
                update.executeUpdate();
            }
            meters.counter("event_processed_total", "source", "any", "outcome", "failed")
                    .increment();
            return new Outcome(eventId, status, detail);
        });
    }

    private Outcome finish(Connection connection, PendingEvent event, Status status, String detail)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update event_store set status = ?,"
                + " processed_at = ?, outcome = ?, updated_at = ? where tenant_id = ? and event_id = ?")) {
            Timestamp now = Timestamp.from(clock.instant());
            update.setString(1, status.name());
            update.setTimestamp(2, now);
            update.setString(3, truncate(detail));
            update.setTimestamp(4, now);
            update.setString(5, event.tenant().value());
            update.setString(6, event.eventId());
            update.executeUpdate();
        }
        return new Outcome(event.eventId(), status, detail);
    }

    /**
     * The oldest due event: a new one, or a held one not looked at within the last second. {@code SKIP LOCKED} lets
     * other nodes take the next one instead of waiting.
     */
    private Optional<PendingEvent> claim(Connection connection, TenantId tenant, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select event_id, source, provider_event_id,"
                + " event_type, entity_id, message_name, typed_event, payload, correlation_id, received_at,"
                + " hold_until, timeout_released, operator_released from event_store where tenant_id = ? and (status = ? or"
                + " (status = ? and updated_at <= ?)) order by received_at, event_id limit 1 for update skip locked")) {
            select.setString(1, tenant.value());
            select.setString(2, Status.RECEIVED.name());
            select.setString(3, Status.HELD.name());
            select.setTimestamp(4, Timestamp.from(now.minusSeconds(1)));
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp holdUntil = rows.getTimestamp(11);
                String typed = rows.getString(7);
                return Optional.of(new PendingEvent(
                        tenant,
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        // A name no diagram has (none is stored by ingress) is an event no workflow acts on.
                        WorkflowMessage.named(rows.getString(6)).orElse(null),
                        typed == null ? null : TypedEvents.read(typed),
                        rows.getString(8),
                        rows.getString(9),
                        rows.getTimestamp(10).toInstant(),
                        holdUntil == null ? null : holdUntil.toInstant(),
                        rows.getBoolean(12),
                        rows.getBoolean(13)));
            }
        }
    }

    private static boolean deliveredBefore(Connection connection, PendingEvent event, WorkflowMessage message) {
        try (PreparedStatement select = connection.prepareStatement("select 1 from event_store where tenant_id = ? and"
                + " entity_id = ? and status = ? and message_name = ? limit 1")) {
            select.setString(1, event.tenant().value());
            select.setString(2, event.entityId());
            select.setString(3, Status.PROCESSED.name());
            select.setString(4, message.messageName());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the progress of " + event.entityId(), e);
        }
    }

    /** The gap of the entity's held events may have filled: look at them on the next pass instead of in a second. */
    private static void wakeHeldSiblings(Connection connection, PendingEvent event, Instant now) throws SQLException {
        if (event.entityId() == null) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("update event_store set status = ?, updated_at = ?"
                + " where tenant_id = ? and entity_id = ? and status = ? and event_id <> ?")) {
            update.setString(1, Status.RECEIVED.name());
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, event.tenant().value());
            update.setString(4, event.entityId());
            update.setString(5, Status.HELD.name());
            update.setString(6, event.eventId());
            update.executeUpdate();
        }
    }

    private static void setTimeoutReleased(Connection connection, PendingEvent event) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update event_store set timeout_released = true where tenant_id = ? and event_id = ?")) {
            update.setString(1, event.tenant().value());
            update.setString(2, event.eventId());
            update.executeUpdate();
        }
    }

    private static PendingEvent withTimeoutFlag(PendingEvent e) {
        return new PendingEvent(
                e.tenant(),
                e.eventId(),
                e.source(),
                e.providerEventId(),
                e.eventType(),
                e.entityId(),
                e.message(),
                e.typedEvent(),
                e.payload(),
                e.correlationId(),
                e.receivedAt(),
                e.holdUntil(),
                true,
                e.operatorReleased());
    }

    private static String truncate(String text) {
        String value = Objects.toString(text, "");
        return value.length() <= 500 ? value : value.substring(0, 497) + "...";
    }
}
