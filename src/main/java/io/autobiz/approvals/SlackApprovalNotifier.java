package io.autobiz.approvals;

import io.autobiz.delegates.ApprovalNotifier;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts every approval of a store that has a Slack channel configured, and its outcome, so Slack and Tasklist show
 * the same state. A Slack failure never fails the approval task: it is logged and counted
 * ({@code slack_approval_notify_failed_total}), and Tasklist still has the task.
 */
public final class SlackApprovalNotifier implements ApprovalNotifier {

    private static final Logger log = LoggerFactory.getLogger(SlackApprovalNotifier.class);

    private final ApprovalProperties properties;
    private final SlackPoster poster;
    private final MeterRegistry meters;

    public SlackApprovalNotifier(ApprovalProperties properties, SlackPoster poster, MeterRegistry meters) {
        this.properties = properties;
        this.poster = poster;
        this.meters = meters;
    }

    @Override
    public void approvalWaiting(ApprovalRequest request, String taskId) {
        post(request, "waiting", () -> SlackApprovalMessages.waiting(request, properties.tasklistUrl()));
    }

    @Override
    public void approvalDecided(ApprovalRequest request) {
        post(request, "decided", () -> SlackApprovalMessages.decided(request));
    }

    private void post(
            ApprovalRequest request,
            String what,
            java.util.function.Supplier<com.fasterxml.jackson.databind.node.ObjectNode> message) {
        ApprovalProperties.SlackApprovals slack =
                properties.slack().get(request.tenant().value());
        if (slack == null || slack.channel() == null || slack.channel().isBlank()) {
            return;
        }
        try {
            poster.post(request.tenant(), request.runId(), slack.channel(), message.get());
        } catch (RuntimeException e) {
            meters.counter(
                            "slack_approval_notify_failed_total",
                            "tenant",
                            request.tenant().value())
                    .increment();
            log.warn(
                    "Slack could not be told that approval {} of {} is {}: {}",
                    request.id(),
                    request.tenant(),
                    what,
                    e.getMessage());
        }
    }
}
