package io.autobiz.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds an event whose entity has not yet reached the step the event follows (a shipment before the order was paid)
 * until the gap fills or the hold expires. On expiry the event's own precondition is checked: if it holds, the event
 * is released with the timeout flag; if not, it goes to reconciliation rather than to the workflow.
 */
public final class EventOrderingGate {

    /** What to do with an event now. */
    public enum Decision {
        /** In order (or nothing precedes it): deliver. */
        RELEASE,
        /** An earlier event of its entity is missing and the hold has not expired: keep it. */
        HOLD,
        /** The hold expired and the precondition holds: deliver, flagged as released by timeout. */
        RELEASE_AFTER_TIMEOUT,
        /** The hold expired and the precondition is violated: reconcile instead of delivering. */
        RECONCILE
    }

    /** Whether an entity has reached a step, and whether an event could be applied now. */
    public interface EntityProgress {
        /** True once the entity has passed the step named by {@code message} (its event was delivered, or it is known). */
        boolean reached(GateEvent event, WorkflowMessage message);

        /** The precondition checked when a hold expires: the event can be applied to the entity's current state. */
        boolean preconditionHolds(GateEvent event);
    }

    /**
     * The gate's view of one event.
     *
     * @param entityId the entity whose events are ordered; null for events about no single entity (never held)
     * @param message the BPMN message the event becomes
     * @param heldUntil when its hold ends, set when the gate first held it; null if never held
     */
    public record GateEvent(String eventId, String entityId, WorkflowMessage message, Instant heldUntil) {}

    private final Map<WorkflowMessage, WorkflowMessage> predecessors;
    private final Duration holdTimeout;

    /**
     * @param predecessors for a message, the message that must have been delivered for its entity first (e.g.
     *     {@code SHIPMENT_SENT → ORDER_PAID}); messages not named here are never held
     * @param holdTimeout how long an out-of-order event waits for the gap to fill (60 s by default)
     */
    public EventOrderingGate(Map<WorkflowMessage, WorkflowMessage> predecessors, Duration holdTimeout) {
        this.predecessors = Map.copyOf(predecessors);
        if (holdTimeout.isNegative()) {
            throw new IllegalArgumentException("the hold timeout cannot be negative: " + holdTimeout);
        }
        this.holdTimeout = holdTimeout;
    }

    /** The order of AutoBiz's workflows: a shipment or a fulfilment problem follows the paid order. */
    public static Map<WorkflowMessage, WorkflowMessage> workflowOrder() {
        return Map.of(
                WorkflowMessage.SHIPMENT_SENT, WorkflowMessage.ORDER_PAID,
                WorkflowMessage.FULFILMENT_PROBLEM, WorkflowMessage.ORDER_PAID);
    }

    public Duration holdTimeout() {
        return holdTimeout;
    }

    public Optional<WorkflowMessage> predecessorOf(WorkflowMessage message) {
        return Optional.ofNullable(message == null ? null : predecessors.get(message));
    }

    public Decision decide(GateEvent event, EntityProgress progress, Instant now) {
        Objects.requireNonNull(event);
        Optional<WorkflowMessage> predecessor = predecessorOf(event.message());
        if (event.entityId() == null || predecessor.isEmpty() || progress.reached(event, predecessor.get())) {
            return Decision.RELEASE;
        }
        if (!expired(event, now)) {
            return Decision.HOLD;
        }
        return progress.preconditionHolds(event) ? Decision.RELEASE_AFTER_TIMEOUT : Decision.RECONCILE;
    }

    /** When the hold of an event first held at {@code firstHeldAt} ends. */
    public Instant holdUntil(Instant firstHeldAt) {
        return firstHeldAt.plus(holdTimeout);
    }

    private static boolean expired(GateEvent event, Instant now) {
        return event.heldUntil() != null && !now.isBefore(event.heldUntil());
    }
}
