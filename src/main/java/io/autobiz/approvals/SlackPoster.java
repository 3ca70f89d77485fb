package io.autobiz.approvals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.tenant.TenantId;

/** Posts a message to a store's Slack channel; implemented with the {@code slack.message.post} tool. */
@FunctionalInterface
public interface SlackPoster {

    void post(TenantId tenant, String runId, String channel, ObjectNode message);
}
