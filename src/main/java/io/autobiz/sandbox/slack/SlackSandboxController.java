package io.autobiz.sandbox.slack;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxAccounts;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /sandbox/slack/api/chat.postMessage}, answering as Slack does: HTTP 200 with {@code ok} and an error. */
@RestController
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class SlackSandboxController {

    private final SlackSandbox slack;
    private final SandboxAccounts accounts;

    SlackSandboxController(SlackSandbox slack, SandboxAccounts accounts) {
        this.slack = slack;
        this.accounts = accounts;
    }

    @PostMapping(value = "/sandbox/slack/api/chat.postMessage", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Map<String, Object> postMessage(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestBody MultiValueMap<String, String> form) {
        if (auth == null || !auth.startsWith("Bearer xoxb-")) {
            return Map.of("ok", false, "error", "invalid_auth");
        }
        // The workspace is the one whose bot token this is.
        TenantId store = accounts.byKey("slack", "bot_token", auth.substring("Bearer ".length()))
                .orElse(null);
        if (store == null) {
            return Map.of("ok", false, "error", "invalid_auth");
        }
        String channel = form.getFirst("channel");
        String text = form.getFirst("text");
        if (channel == null || channel.isBlank()) {
            return Map.of("ok", false, "error", "channel_not_found");
        }
        if ((text == null || text.isBlank()) && form.getFirst("blocks") == null) {
            return Map.of("ok", false, "error", "no_text");
        }
        Map<String, Object> message;
        try {
            message = slack.post(store, channel, text, form.getFirst("blocks"));
        } catch (IllegalArgumentException e) {
            return Map.of("ok", false, "error", "invalid_blocks");
        }
        return Map.of("ok", true, "channel", channel, "ts", message.get("ts"), "message", message);
    }
}
