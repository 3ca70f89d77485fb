package io.autobiz.kernel.crypto;

import io.autobiz.kernel.KernelApi;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256 and HMAC-SHA256 over the JDK's providers, and comparisons that do not leak timing. */
@KernelApi
public final class Digests {

    private static final HexFormat HEX = HexFormat.of();

    private Digests() {}

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256(data));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    public static String hmacSha256Hex(String key, byte[] data) {
        return HEX.formatHex(hmacSha256(key.getBytes(StandardCharsets.UTF_8), data));
    }

    /** Compares in time independent of where the inputs differ, so a forger learns nothing from timing. */
    public static boolean constantTimeEquals(byte[] expected, byte[] presented) {
        return MessageDigest.isEqual(expected, presented);
    }

    public static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
