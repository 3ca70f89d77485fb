package io.autobiz.kernel.crypto;

import io.autobiz.kernel.KernelApi;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM encryption of small values (credentials, sensitive receipt fields). The result is self-describing text,
 * {@code v1:<keyId>:<base64(nonce || ciphertext || tag)>}, so it names the key that can open it. The associated data
 * binds a value to where it belongs (e.g. {@code tenant|secret-name}): a ciphertext copied to another tenant's row
 * does not decrypt there.
 */
@KernelApi
public final class SecretBox {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(KeyRing keys) {
        this.keys = keys;
    }

    public String encrypt(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, associatedData)
                .apply(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return VERSION + ":" + keys.currentKeyId() + ":" + Base64.getEncoder().encodeToString(out);
    }

    public String decrypt(String sealedText, String associatedData) {
        String[] parts = sealedText == null ? new String[0] : sealedText.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new SecretBoxException("not a v1 sealed value");
        }
        SecretKey key = keys.find(parts[1])
                .orElseThrow(() -> new SecretBoxException("key '" + parts[1] + "' is not in the key ring"));
        byte[] in;
        try {
            in = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException("the sealed value is not base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretBoxException("the sealed value is too short");
        }
        byte[] nonce = Arrays.copyOfRange(in, 0, NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(in, NONCE_BYTES, in.length);
        return new String(
                cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).apply(sealed), StandardCharsets.UTF_8);
    }

    /** The key ID a sealed value was encrypted with, for rotation reports; no decryption. */
    public static String keyIdOf(String sealedText) {
        String[] parts = sealedText.split(":", 3);
        if (parts.length != 3) {
            throw new SecretBoxException("not a sealed value");
        }
        return parts[1];
    }

    private interface Operation {
        byte[] apply(byte[] input);
    }

    private static Operation cipher(int mode, SecretKey key, byte[] nonce, String associatedData) {
        return input -> {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
                return cipher.doFinal(input);
            } catch (AEADBadTagException e) {
                throw new SecretBoxException("the sealed value was tampered with, or belongs elsewhere");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM is not available in this JVM", e);
            }
        };
    }

    /** A sealed value that cannot be opened; the message never contains key material or plaintext. */
    public static final class SecretBoxException extends RuntimeException {
        public SecretBoxException(String message) {
            super(message);
        }
    }
}
