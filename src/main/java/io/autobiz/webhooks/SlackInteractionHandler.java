package io.autobiz.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Map;

/**
 * What happens to a Slack interaction (an approver pressing a button) once its signature is verified and it is stored.
 * The approval module implements it; until then {@link RefusingSlackInteractionHandler} answers that approvals through
 * Slack are not enabled. Called once per interaction (a redelivery is not handed over again), within Slack's 3 s.
 */
public interface SlackInteractionHandler {

    /** The answer to Slack. */
    record SlackReply(int status, Map<String, Object> body) {}

    SlackReply handle(TenantId tenant, String eventId, JsonNode payload);
}
