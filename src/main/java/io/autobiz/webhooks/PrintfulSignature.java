package io.autobiz.webhooks;

import io.autobiz.kernel.crypto.Digests;
import java.util.Locale;

/**
 * Printful v2: {@code x-pf-webhook-signature} is the hex HMAC-SHA256 of the raw body, keyed with the webhook
 * configuration's secret as given (Printful does not document whether the key is hex-decoded first; we key with the text).
 */
final class PrintfulSignature {

    static final String HEADER = "x-pf-webhook-signature";

    private PrintfulSignature() {}

    static void verify(String secret, byte[] body, String presented) {
        if (presented == null || presented.isBlank()) {
            throw WebhookRejected.missingSignature();
        }
        if (!Digests.constantTimeEquals(
                Digests.hmacSha256Hex(secret, body), presented.trim().toLowerCase(Locale.ROOT))) {
            throw WebhookRejected.badSignature();
        }
    }
}
