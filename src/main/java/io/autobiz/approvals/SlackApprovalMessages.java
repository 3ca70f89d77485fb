package io.autobiz.approvals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.json.Json;

/**
 * The Slack messages of an approval, in Block Kit: what is asked, with Approve and Deny buttons whose value is the
 * request's ID, and the message that says how it was decided. No personal data: the amount, the tool and the reason
 * the workflow gives, as in traces.
 */
public final class SlackApprovalMessages {

    public static final String APPROVE = "autobiz.approval.approve";
    public static final String DENY = "autobiz.approval.deny";

    private SlackApprovalMessages() {}

    /** {@code text} (the notification fallback) and {@code blocks} for {@code chat.postMessage}. */
    public static ObjectNode waiting(ApprovalRequest request, String tasklistUrl) {
        String summary = "Approval needed: " + request.tool() + amountOf(request);
        ObjectNode message = Json.object();
        message.put("text", summary);
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put(
                        "text",
                        "*" + summary + "*\n" + (request.reason() == null ? "" : request.reason() + "\n")
                                + "Expires " + request.expiresAt() + ". <" + tasklistUrl
                                + "|Open Tasklist>");
        ArrayNode actions = blocks.addObject().put("type", "actions").putArray("elements");
        actions.add(button("Approve", APPROVE, request.id(), "primary"));
        actions.add(button("Deny", DENY, request.id(), "danger"));
        return message;
    }

    /** The follow-up once decided, wherever it was decided (Tasklist, Slack or the timer). */
    public static ObjectNode decided(ApprovalRequest request) {
        String who = request.approverId() == null ? "" : " by " + request.approverId();
        String text = "Approval of " + request.tool() + amountOf(request) + ": " + request.status() + who;
        ObjectNode message = Json.object();
        message.put("text", text);
        // The approval is part of the post's intent: two approvals with the same text (same tool, amount, outcome and
        // approver) are two messages, not one replayed by the kernel's idempotency (found by the golden suite).
        message.put("reference", "approval:" + request.id());
        return message;
    }

    private static ObjectNode button(String label, String actionId, String value, String style) {
        ObjectNode button = Json.object();
        button.put("type", "button");
        button.putObject("text").put("type", "plain_text").put("text", label);
        button.put("action_id", actionId);
        button.put("value", value);
        button.put("style", style);
        return button;
    }

    private static String amountOf(ApprovalRequest request) {
        return request.amountInMajorUnits()
                .map(amount -> " of " + amount + (request.currency() == null ? "" : " " + request.currency()))
                .orElse("");
    }
}
