package io.autobiz.webhooks;

import io.autobiz.kernel.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Shopify: {@code X-Shopify-Hmac-Sha256} is the base64 HMAC-SHA256 of the raw body with the app's secret. */
final class ShopifySignature {

    static final String HEADER = "X-Shopify-Hmac-Sha256";

    private ShopifySignature() {}

    static void verify(String secret, byte[] body, String presented) {
        if (presented == null || presented.isBlank()) {
            throw WebhookRejected.missingSignature();
        }
        byte[] expected = Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(presented.trim());
        } catch (IllegalArgumentException e) {
            throw WebhookRejected.badSignature();
        }
        if (!Digests.constantTimeEquals(expected, given)) {
            throw WebhookRejected.badSignature();
        }
    }
}
