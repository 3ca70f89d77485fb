package io.autobiz.webhooks;

import io.autobiz.kernel.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">[,v1=...]}. Any v1 may match (several
 * during a secret roll). Unlike stripe-java, a timestamp too far in the future is refused as well as an old one.
 */
final class StripeSignature {

    static final String HEADER = "Stripe-Signature";

    private StripeSignature() {}

    static void verify(String secret, byte[] body, String header, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            throw WebhookRejected.missingSignature();
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw WebhookRejected.badSignature();
                }
            } else if (key.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw WebhookRejected.badSignature();
        }
        Freshness.check(timestamp, now, tolerance);
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        String expected = Digests.hmacSha256Hex(secret, signed);
        boolean matched = false;
        for (String presented : signatures) {
            matched |= Digests.constantTimeEquals(expected, presented);
        }
        if (!matched) {
            throw WebhookRejected.badSignature();
        }
    }
}
