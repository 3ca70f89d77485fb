package io.autobiz.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Map;

/** The default: no approval is decided through Slack; the person is told so, ephemerally, and nothing changes. */
final class RefusingSlackInteractionHandler implements SlackInteractionHandler {

    @Override
    public SlackReply handle(TenantId tenant, String eventId, JsonNode payload) {
        return new SlackReply(
                200,
                Map.of(
                        "response_type",
                        "ephemeral",
                        "replace_original",
                        false,
                        "text",
                        "Approvals through Slack are not enabled for this store; use Tasklist."));
    }
}
