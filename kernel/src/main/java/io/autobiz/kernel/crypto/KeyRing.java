package io.autobiz.kernel.crypto;

import io.autobiz.kernel.KernelApi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys AutoBiz encrypts with, by key ID. New data is encrypted with the current key; data encrypted with an
 * older key stays readable as long as that key is in the ring, which is how a master key is rotated. Keys come from
 * the environment or a keystore file (loaded by the application), never from the database they protect.
 */
@KernelApi
public final class KeyRing {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final Map<String, SecretKey> keys;
    private final String currentKeyId;

    private KeyRing(Map<String, SecretKey> keys, String currentKeyId) {
        this.keys = Map.copyOf(keys);
        this.currentKeyId = currentKeyId;
        if (!this.keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("the current key '" + currentKeyId + "' is not in the key ring");
        }
    }

    /**
     * @param keys key ID to 32 raw key bytes (AES-256)
     * @param currentKeyId the key new data is encrypted with
     */
    public static KeyRing of(Map<String, byte[]> keys, String currentKeyId) {
        Objects.requireNonNull(currentKeyId, "currentKeyId");
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        keys.forEach((id, bytes) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("a key ID is 1-32 letters, digits, '-' or '_': " + id);
            }
            if (bytes == null || bytes.length != 32) {
                throw new IllegalArgumentException(
                        "key '" + id + "' must be 32 bytes (AES-256), not " + (bytes == null ? 0 : bytes.length));
            }
            ring.put(id, new SecretKeySpec(bytes.clone(), "AES"));
        });
        return new KeyRing(ring, currentKeyId);
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    /** Whether values sealed with {@code keyId} can be opened with this ring. */
    public boolean contains(String keyId) {
        return keys.containsKey(keyId);
    }

    SecretKey current() {
        return keys.get(currentKeyId);
    }

    Optional<SecretKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public String toString() {
        return "KeyRing[current=" + currentKeyId + ", ids=" + keys.keySet() + "]";
    }
}
