package io.autobiz.operations.metrics;

import java.util.Locale;

/** How a run ended, as the {@code outcome} label of {@code workflow_completion_total}. */
public enum WorkflowOutcome {
    /** The workflow did what it was started for. */
    COMPLETED,
    /** It ended as designed without doing it, because a business rule said no (not refundable, not paid, ...). */
    DECLINED,
    /** A person denied the approval it asked for. */
    DENIED,
    /** Nobody decided in time; the approval failed closed. */
    TIMED_OUT,
    /** The kernel refused a call and the run took its refusal path. */
    REFUSED,
    /** It undid work it had done (a voided authorisation, a cancelled Printful order). */
    COMPENSATED,
    /** A bound or the loop detector terminated the run (INV-03). */
    TERMINATED_BY_BOUND,
    /** The instance was removed before it reached an end event: an operator cancelled it, usually after an incident. */
    FAILED,
    /** It reached an end event nobody classified: a diagram changed without {@code workflow-outcomes.properties}. */
    UNCLASSIFIED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static WorkflowOutcome ofLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
