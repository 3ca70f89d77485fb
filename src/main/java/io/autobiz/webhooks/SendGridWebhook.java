package io.autobiz.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * SendGrid's Event Webhook: {@code X-Twilio-Email-Event-Webhook-Signature} is a base64 DER ECDSA (P-256, SHA-256)
 * signature over the timestamp header followed by the raw body, checked with the store's verification key (base64 DER
 * public key, as SendGrid shows it). SendGrid's helper does not check freshness; this does. No workflow acts on its
 * events: they are stored and acknowledged.
 */
final class SendGridWebhook implements ProviderWebhook {

    static final String HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    @Override
    public String provider() {
        return "sendgrid";
    }

    @Override
    public String secretName() {
        return "webhook_public_key";
    }

    @Override
    public void authenticate(String secret, byte[] body, HttpServletRequest request, Instant now, Duration tolerance) {
        verify(secret, body, request.getHeader(HEADER), request.getHeader(TIMESTAMP), now, tolerance);
    }

    /** SendGrid posts a batch; each event carries its own {@code sg_event_id} and is stored on its own. */
    @Override
    public List<ReceivedEvent> read(TenantId tenant, TenantSettings settings, byte[] body, HttpServletRequest request) {
        JsonNode batch = Bodies.parse(new String(body, StandardCharsets.UTF_8));
        if (!batch.isArray() || batch.isEmpty()) {
            throw Bodies.malformed("a SendGrid delivery is a non-empty JSON array of events");
        }
        List<ReceivedEvent> events = new ArrayList<>();
        for (JsonNode event : batch) {
            events.add(new ReceivedEvent(
                    Bodies.required(event, "sg_event_id"),
                    null,
                    Bodies.required(event, "event"),
                    null,
                    null,
                    Json.write(event),
                    null));
        }
        return events;
    }

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
