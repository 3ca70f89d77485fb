package io.autobiz.reconciliation.core;

/** A row of {@code reconciliation}: one drift and what became of it, as operators see it. */
public record ReconciliationRow(
        String reconciliationId,
        String entityType,
        String entityId,
        String driftKind,
        String field,
        boolean financial,
        String localValue,
        String providerValue,
        Status status,
        String resolution,
        String decidedBy,
        String approvalRef,
        String eventId) {

    /** Row states. */
    public enum Status {
        OPEN,
        REPAIRED,
        AWAITING_APPROVAL,
        DISMISSED,
        REPAIR_FAILED,
        APPROVAL_TIMED_OUT,
        /** A financial drift no call can repair, looked into and settled by a person of the approvers group. */
        RESOLVED_BY_OPERATOR
    }
}
