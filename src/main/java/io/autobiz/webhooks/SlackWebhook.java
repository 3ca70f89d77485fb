package io.autobiz.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">} with {@code
 * X-Slack-Request-Timestamp}, inside a five-minute window. Compared in constant time (Slack's own verifier does not).
 * An interaction is stored once and handed to the {@link SlackInteractionHandler}, not to a workflow.
 */
final class SlackWebhook implements ProviderWebhook {

    static final String HEADER = "X-Slack-Signature";
    static final String TIMESTAMP = "X-Slack-Request-Timestamp";

    @Override
    public String provider() {
        return "slack";
    }

    @Override
    public String secretName() {
        return "signing_secret";
    }

    @Override
    public void authenticate(String secret, byte[] body, HttpServletRequest request, Instant now, Duration tolerance) {
        verify(secret, body, request.getHeader(HEADER), request.getHeader(TIMESTAMP), now, tolerance);
    }

    /**
     * A form field {@code payload} holding JSON; the action's timestamp identifies it. Its workspace ({@code team.id})
     * is compared with the store's {@code slack-team-id} when the store has one.
     */
    @Override
    public List<ReceivedEvent> read(TenantId tenant, TenantSettings settings, byte[] body, HttpServletRequest request) {
        String form = new String(body, StandardCharsets.UTF_8);
        String payload = null;
        for (String pair : form.split("&")) {
            if (pair.startsWith("payload=")) {
                try {
                    payload = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw Bodies.malformed("a Slack interaction's payload field is not URL-encoded");
                }
            }
        }
        if (payload == null) {
            throw Bodies.malformed("a Slack interaction is a form with a payload field");
        }
        JsonNode interaction = Bodies.object(payload);
        if (settings.slackTeamId() != null && !settings.slackTeamId().isBlank()) {
            Bodies.sameStore(
                    "slack",
                    "Slack team",
                    interaction.path("team").path("id").asText(""),
                    settings.slackTeamId(),
                    false);
        }
        String type = Bodies.required(interaction, "type");
        JsonNode action = interaction.path("actions").path(0);
        String id =
                action.path("action_ts").asText(interaction.path("trigger_id").asText(""));
        if (id.isBlank()) {
            id = Digests.sha256Hex(payload);
        }
        return List.of(new ReceivedEvent(
                type + ":" + interaction.path("user").path("id").asText("") + ":" + id,
                null,
                type,
                null,
                null,
                payload,
                Digests.sha256Hex(body)));
    }

    static void verify(
            String secret, byte[] body, String presented, String timestamp, Instant now, Duration tolerance) {
        if (presented == null || presented.isBlank() || timestamp == null || timestamp.isBlank()) {
            throw WebhookRejected.missingSignature();
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw WebhookRejected.badSignature();
        }
        Freshness.check(seconds, now, tolerance);
        byte[] prefix = ("v0:" + seconds + ":").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        if (!Digests.constantTimeEquals("v0=" + Digests.hmacSha256Hex(secret, signed), presented.trim())) {
            throw WebhookRejected.badSignature();
        }
    }
}
