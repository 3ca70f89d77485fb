package io.autobiz.webhooks;

import io.autobiz.kernel.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">} with {@code
 * X-Slack-Request-Timestamp}, inside a five-minute window. Compared in constant time (Slack's own verifier does not).
 */
final class SlackSignature {

    static final String HEADER = "X-Slack-Signature";
    static final String TIMESTAMP = "X-Slack-Request-Timestamp";

    private SlackSignature() {}

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
