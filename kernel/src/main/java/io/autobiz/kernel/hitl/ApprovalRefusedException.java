package io.autobiz.kernel.hitl;

import io.autobiz.kernel.KernelApi;

/** A decision that was not taken, and why. Nothing changed. */
@KernelApi
public final class ApprovalRefusedException extends RuntimeException {

    /** Why a decision was refused. */
    public enum Reason {
        /** No such request in this store (or it belongs to another store). */
        NOT_FOUND,
        /** The person is not in the store's approvers group, or is not authenticated. */
        NOT_AN_APPROVER,
        /** The request was already decided or timed out. */
        ALREADY_DECIDED,
        /** The request's time ran out before the decision. */
        EXPIRED,
        /**
         * The person deciding is the one who asked (separation of duties), and the store's BusinessConfig does not
         * allow self-approval.
         */
        SELF_APPROVAL
    }

    private final Reason reason;

    public ApprovalRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
