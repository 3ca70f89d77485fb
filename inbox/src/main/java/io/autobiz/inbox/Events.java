package io.autobiz.inbox;

import io.autobiz.kernel.tenant.TenantId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The inbox's stored events: each verified provider event kept once, for good, with its state. {@link JdbcEvents}
 * keeps them in {@code event_store}; the {@link EventProcessor} claims them from there.
 */
public interface Events {

    /** Where an event is in its life. */
    enum Status {
        /** Stored, waiting for the processor. */
        RECEIVED,
        /** Held by the ordering gate until an earlier event of its entity is delivered or the hold expires. */
        HELD,
        /** Delivered to its workflow. */
        PROCESSED,
        /** Kept by the first version of the Printful ingress when no workflow waited; released like HELD. */
        UNMATCHED,
        /** No process subscribes to its message (e.g. its workflow is not deployed); an operator may release it. */
        NO_SUBSCRIBER,
        /** Its hold expired and its precondition was violated: a reconciliation row explains it. */
        RECONCILE,
        /** Delivery kept failing; an operator may release it. */
        FAILED,
        /** Verified and kept, but no workflow acts on this kind of event. */
        IGNORED,
        /** Handed to a synchronous handler at ingress (Slack interactions). */
        HANDED_OFF
    }

    /** The states an operator may release back to the processor. */
    Set<Status> RELEASABLE =
            EnumSet.of(Status.HELD, Status.UNMATCHED, Status.NO_SUBSCRIBER, Status.RECONCILE, Status.FAILED);

    /** A stored event, found by the provider's own ID. */
    record StoredEvent(String eventId, Status status) {}

    /** What an operator sees of a stored event: never its payload, which may hold personal data. */
    record EventView(
            String eventId,
            String source,
            String providerEventId,
            String eventType,
            String entityId,
            String messageName,
            Status status,
            Instant receivedAt,
            Instant holdUntil,
            boolean timeoutReleased,
            boolean operatorReleased,
            int attempts,
            String outcome) {}

    /** Stores a verified event and returns its ID, or empty when this provider event was stored before. */
    Optional<String> append(VerifiedEvent event);

    /** Sets an event's state (a synchronous handler at ingress took it, or gave it back). */
    void mark(TenantId tenant, String eventId, Status status);

    Optional<StoredEvent> findByProviderId(TenantId tenant, String source, String providerEventId);

    Optional<Status> statusOf(TenantId tenant, String eventId);

    /** The store's events in the given states, oldest first. */
    List<EventView> list(TenantId tenant, Set<Status> states, int limit);

    /**
     * An operator sends a held, failed, unmatched or unsubscribed event back to the processor, which delivers it on its
     * next pass without holding it again. False if the event does not exist in this store or is not releasable.
     */
    boolean release(TenantId tenant, String eventId);
}
