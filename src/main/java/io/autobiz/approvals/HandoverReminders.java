package io.autobiz.approvals;

import java.time.Duration;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code ${handoverReminders}} in the diagrams: the SLA of a task handed to a person that is not an approval (answer
 * the customer, resolve a fulfilment problem, follow up an order). Approvals fail closed on their own timeout; these
 * tasks must not be decided by a timer, so their non-interrupting timer reminds the store instead: when the task has
 * waited {@link #reminderAfter()}, the diagram posts a reminder to the store's approval channel (through the kernel,
 * {@code slack.message.post}) and the task stays where it is. A store without a channel keeps the task in Tasklist,
 * where the HITL backlog alert sees it.
 */
@Component("handoverReminders")
public class HandoverReminders {

    private final ApprovalProperties approvals;
    private final Duration reminderAfter;

    public HandoverReminders(
            ApprovalProperties approvals,
            @Value("${autobiz.approvals.handover-reminder-after:PT4H}") Duration reminderAfter) {
        this.approvals = Objects.requireNonNull(approvals);
        if (reminderAfter.isNegative() || reminderAfter.isZero()) {
            throw new IllegalArgumentException("autobiz.approvals.handover-reminder-after must be positive");
        }
        this.reminderAfter = reminderAfter;
    }

    /** The timer's duration, ISO 8601 as Camunda reads it. */
    public String reminderAfter() {
        return reminderAfter.toString();
    }

    /** The store's approval channel, or {@code ""} when it has none (the diagram then leaves the task in Tasklist). */
    public String channel(String tenantId) {
        ApprovalProperties.SlackApprovals slack =
                tenantId == null ? null : approvals.slack().get(tenantId);
        return slack == null || slack.channel() == null ? "" : slack.channel();
    }
}
