package io.autobiz.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * SendGrid's Event Webhook: {@code X-Twilio-Email-Event-Webhook-Signature} is a base64 DER ECDSA (P-256, SHA-256)
 * signature over the timestamp header followed by the raw body, checked with the store's verification key (base64 DER
 * public key, as SendGrid shows it). SendGrid's helper does not check freshness; this does.
 */
final class SendGridSignature {

    static final String HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    private SendGridSignature() {}

    static void verify(
            String publicKey, byte[] body, String presented, String timestamp, Instant now, Duration tolerance) {
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
        boolean valid;
        try {
            PublicKey key = KeyFactory.getInstance("EC", PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey.trim())));
            Signature ecdsa = Signature.getInstance("SHA256withECDSA", PROVIDER);
            ecdsa.initVerify(key);
            ecdsa.update(timestamp.trim().getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body);
            valid = ecdsa.verify(Base64.getDecoder().decode(presented.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A malformed signature (or key) is a forged delivery, not a server error; ECDSA verification is not a
            // comparison of secrets, so it leaks nothing by its timing.
            valid = false;
        }
        if (!valid) {
            throw WebhookRejected.badSignature();
        }
    }
}
