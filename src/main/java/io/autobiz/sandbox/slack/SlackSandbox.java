package io.autobiz.sandbox.slack;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxObjects;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The messages posted to the stand-in, per store (the workspace whose bot token posted them) and in order, each with
 * the channel and the {@code ts} Slack would assign; kept in {@link SandboxObjects}.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class SlackSandbox {

    private static final String MESSAGE = "slack.message";

    private final SandboxObjects objects;
    private final Clock clock;

    public SlackSandbox(SandboxObjects objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    Map<String, Object> post(TenantId store, String channel, String text, String blocks) {
        // A message's ts is unique in its channel; the sequence keeps it so across restarts and nodes.
        String ts = clock.instant().getEpochSecond() + "."
                + String.format("%06d", objects.nextId("sandbox_slack_messages") % 1_000_000);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", channel);
        message.put("ts", ts);
        message.put("text", text);
        if (blocks != null) {
            message.put("blocks", io.autobiz.kernel.json.Json.parse(blocks));
        }
        objects.inStore(store, workspace -> {
            workspace.insert(MESSAGE, channel + "/" + ts, channel, message);
            return null;
        });
        return message;
    }

    /** Every store's messages, each store's in the order they were posted. */
    public List<Map<String, Object>> messages() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (TenantId store : objects.stores()) {
            all.addAll(objects.inStore(store, workspace -> workspace.all(MESSAGE)));
        }
        return all;
    }
}
