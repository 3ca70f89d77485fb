package io.autobiz.masterkeys;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code autobiz.master-keys.*}: where the master keys come from. Either or both of
 *
 * <ul>
 *   <li>{@code keys}: entries {@code <key-id>:<base64 of 32 bytes>}, e.g. from {@code AUTOBIZ_MASTER_KEYS} (comma
 *       separated);
 *   <li>{@code keystore-file} + {@code keystore-password}: a PKCS#12 file whose AES-256 secret-key entries are the
 *       keys, their aliases the key IDs ({@code keytool -genseckey -keyalg AES -keysize 256 -storetype PKCS12}).
 * </ul>
 *
 * @param currentKeyId the key new values are encrypted with; may be left out when there is exactly one key
 * @param keys inline keys, {@code <key-id>:<base64>}
 * @param keystoreFile path of a PKCS#12 keystore, or blank
 * @param keystorePassword its password (also each entry's)
 */
@ConfigurationProperties("autobiz.master-keys")
public record MasterKeyProperties(
        String currentKeyId, List<String> keys, String keystoreFile, String keystorePassword) {

    public MasterKeyProperties {
        keys = keys == null
                ? List.of()
                : keys.stream().filter(key -> key != null && !key.isBlank()).toList();
    }

    /** Never prints key material or the keystore password. */
    @Override
    public String toString() {
        return "MasterKeyProperties[current=" + currentKeyId + ", " + keys.size() + " inline key(s), keystore="
                + (keystoreFile == null || keystoreFile.isBlank() ? "none" : keystoreFile) + "]";
    }
}
