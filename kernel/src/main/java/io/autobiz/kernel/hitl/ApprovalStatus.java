package io.autobiz.kernel.hitl;

/** Where an approval request stands. Only PENDING may change, and only once. */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    DENIED,
    TIMED_OUT
}
