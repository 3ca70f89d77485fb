package io.autobiz.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signs a webhook body as each provider signs it, for the tests that deliver one. It shares no code with the
 * application's verifiers (only the JDK's HMAC and BouncyCastle's ECDSA), so a verifier that drifted from the
 * provider's scheme fails its tests; {@code TestSignersTest} checks the Stripe and Slack schemes against the providers'
 * own SDK generators.
 */
public final class TestSigners {

    private TestSigners() {}

    /** Shopify's {@code X-Shopify-Hmac-Sha256}: base64 of the HMAC-SHA256 of the raw body. */
    public static String shopify(String body, String secret) {
        return shopify(utf8(body), secret);
    }

    /** As {@link #shopify(String, String)}, over raw bytes. */
    public static String shopify(byte[] body, String secret) {
        return Base64.getEncoder().encodeToString(hmacSha256(secret, body));
    }

    /** Printful's {@code x-pf-webhook-signature}: hex of the HMAC-SHA256 of the raw body. */
    public static String printful(String body, String secret) {
        return printful(utf8(body), secret);
    }

    /** As {@link #printful(String, String)}, over raw bytes. */
    public static String printful(byte[] body, String secret) {
        return HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    /** Stripe's {@code Stripe-Signature}: {@code t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
    public static String stripe(String body, String secret, long timestamp) {
        return stripe(utf8(body), secret, timestamp);
    }

    /** As {@link #stripe(String, String, long)}, over raw bytes. */
    public static String stripe(byte[] body, String secret, long timestamp) {
        return "t=" + timestamp + ",v1="
                + HexFormat.of().formatHex(hmacSha256(secret, concat(utf8(timestamp + "."), body)));
    }

    /** Slack's {@code X-Slack-Signature}: {@code v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">}. */
    public static String slack(String body, String secret, long timestamp) {
        return slack(utf8(body), secret, timestamp);
    }

    /** As {@link #slack(String, String, long)}, over raw bytes. */
    public static String slack(byte[] body, String secret, long timestamp) {
        return "v0=" + HexFormat.of().formatHex(hmacSha256(secret, concat(utf8("v0:" + timestamp + ":"), body)));
    }

    /**
     * SendGrid's (Twilio's) {@code X-Twilio-Email-Event-Webhook-Signature}: base64 of the ECDSA (P-256, SHA-256)
     * signature of the timestamp followed by the body.
     */
    public static String sendgrid(String body, PrivateKey key, long timestamp) {
        return sendgrid(utf8(body), key, timestamp);
    }

    /** As {@link #sendgrid(String, PrivateKey, long)}, over raw bytes. */
    public static String sendgrid(byte[] body, PrivateKey key, long timestamp) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA", new BouncyCastleProvider());
            ecdsa.initSign(key);
            ecdsa.update(utf8(String.valueOf(timestamp)));
            ecdsa.update(body);
            return Base64.getEncoder().encodeToString(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign as SendGrid: " + e.getMessage(), e);
        }
    }

    private static byte[] hmacSha256(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(utf8(secret), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] joined = new byte[head.length + tail.length];
        System.arraycopy(head, 0, joined, 0, head.length);
        System.arraycopy(tail, 0, joined, head.length, tail.length);
        return joined;
    }
}
