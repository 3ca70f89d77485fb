package io.autobiz.masterkeys;

import io.autobiz.kernel.crypto.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Builds the {@link KeyRing} from {@link MasterKeyProperties}. Refuses to start without a key (there is no default),
 * with a key that is not AES-256, with two different keys under one ID, and with the quick start's published key
 * anywhere but in the quick start. Error messages name key IDs and files, never key bytes.
 *
 * <p>The published key is recognised by its bytes, after decoding, so copying it under another ID, without its
 * padding or into a keystore does not get it past the check; the {@value #QUICK_START_PREFIX} IDs are reserved as well.
 */
public final class MasterKeys {

    /** Key IDs reserved for the quick start's published demo key; refused in every other profile. */
    public static final String QUICK_START_PREFIX = "quickstart";

    /** The quick start's key as application-quickstart.yml publishes it: its base64 decodes to these 32 bytes. */
    private static final byte[] QUICK_START_KEY =
            "quickstart-demo-key-NOT-A-SECRET".getBytes(StandardCharsets.US_ASCII);

    private MasterKeys() {}

    public static KeyRing load(MasterKeyProperties properties, boolean quickStart) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String entry : properties.keys()) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException(
                        "a master key entry is <key-id>:<base64 of 32 bytes>; one entry has no key ID");
            }
            String id = entry.substring(0, colon).trim();
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("master key '" + id + "' is not valid base64");
            }
            add(keys, id, bytes, "AUTOBIZ_MASTER_KEYS");
        }
        if (properties.keystoreFile() != null && !properties.keystoreFile().isBlank()) {
            fromKeystore(Path.of(properties.keystoreFile()), properties.keystorePassword())
                    .forEach((id, bytes) -> add(keys, id, bytes, properties.keystoreFile()));
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no master key is configured: set AUTOBIZ_MASTER_KEYS"
                    + " (<key-id>:<base64 of 32 random bytes>) and AUTOBIZ_MASTER_KEY_ID, or AUTOBIZ_MASTER_KEYSTORE and"
                    + " AUTOBIZ_MASTER_KEYSTORE_PASSWORD (docs/operations.md). There is no default key.");
        }
        if (!quickStart) {
            keys.forEach((id, bytes) -> {
                if (MessageDigest.isEqual(bytes, QUICK_START_KEY)) {
                    throw new IllegalStateException("master key '" + id + "' is the quick start's published demo key"
                            + " (its bytes, whatever its ID or encoding) and is refused outside the quick start;"
                            + " configure a key of your own (openssl rand -base64 32)");
                }
                if (id.toLowerCase(Locale.ROOT).startsWith(QUICK_START_PREFIX)) {
                    throw new IllegalStateException("master key '" + id + "': IDs starting with '" + QUICK_START_PREFIX
                            + "' are reserved for the quick start's published demo key and are refused outside the"
                            + " quick start; configure a key of your own under another ID");
                }
            });
        }
        String current = properties.currentKeyId();
        if (current == null || current.isBlank()) {
            if (keys.size() != 1) {
                throw new IllegalStateException("several master keys are configured " + keys.keySet()
                        + ": set AUTOBIZ_MASTER_KEY_ID to the one new values are encrypted with");
            }
            current = keys.keySet().iterator().next();
        }
        if (!keys.containsKey(current)) {
            throw new IllegalStateException(
                    "the current master key '" + current + "' is not among the configured keys " + keys.keySet());
        }
        try {
            return KeyRing.of(keys, current);
        } finally {
            keys.values().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
        }
    }

    private static void add(Map<String, byte[]> keys, String id, byte[] bytes, String origin) {
        if (bytes.length != 32) {
            throw new IllegalStateException("master key '" + id + "' from " + origin + " is " + bytes.length
                    + " bytes; AES-256 needs exactly 32 (e.g. openssl rand -base64 32)");
        }
        byte[] previous = keys.get(id);
        if (previous != null && !Arrays.equals(previous, bytes)) {
            throw new IllegalStateException("two different master keys are configured under the ID '" + id + "'");
        }
        keys.put(id, bytes);
    }

    private static Map<String, byte[]> fromKeystore(Path file, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            Map<String, byte[]> keys = new LinkedHashMap<>();
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, secret);
                if (key instanceof SecretKey aes && "AES".equalsIgnoreCase(aes.getAlgorithm())) {
                    keys.put(alias, aes.getEncoded());
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("the keystore " + file + " holds no AES secret key");
            }
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the master keystore " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
