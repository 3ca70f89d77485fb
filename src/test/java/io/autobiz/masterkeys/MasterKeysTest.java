package io.autobiz.masterkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.testing.stage.Unit;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

@Unit
class MasterKeysTest {

    /** Test-only key material: readable 32-byte phrases, nothing like a real key. */
    private static final String KEY_A = base64("test-only-master-key-aaaaaaaaaa!");

    private static final String KEY_B = base64("test-only-master-key-bbbbbbbbbb!");

    private static final String KEYSTORE_PASSWORD = "test-only-keystore-password";

    private static String base64(String thirtyTwoChars) {
        return Base64.getEncoder().encodeToString(thirtyTwoChars.getBytes(StandardCharsets.US_ASCII));
    }

    private static MasterKeyProperties inline(String current, String... keys) {
        return new MasterKeyProperties(current, List.of(keys), null, null);
    }

    @Test
    @DisplayName("P1-T32 master keys come from the environment as <id>:<base64>, and the current one is chosen")
    void loadsInlineKeys() {
        KeyRing ring = MasterKeys.load(inline("k2", "k1:" + KEY_A, "k2:" + KEY_B), false);

        assertThat(ring.currentKeyId()).isEqualTo("k2");
        assertThat(ring.contains("k1")).isTrue();
        String sealed = new SecretBox(ring).encrypt("fake-value", "aad");
        assertThat(SecretBox.keyIdOf(sealed)).isEqualTo("k2");
        assertThat(MasterKeys.load(inline(null, "only:" + KEY_A), false).currentKeyId())
                .as("a single key is the current one")
                .isEqualTo("only");
    }

    @Test
    @DisplayName("P1-T32 there is no default master key: none configured stops the start-up and says what to set")
    void noKeyNoStart() {
        assertThatThrownBy(() -> MasterKeys.load(inline(null), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AUTOBIZ_MASTER_KEYS")
                .hasMessageContaining("no default key");
    }

    @Test
    @DisplayName("P1-T32 the quick start's published key is refused outside the quick start")
    void quickStartKeyOnlyInTheQuickStart() {
        MasterKeyProperties quickStart = inline(null, "quickstart-demo:" + KEY_A);

        assertThat(MasterKeys.load(quickStart, true).currentKeyId()).isEqualTo("quickstart-demo");
        assertThatThrownBy(() -> MasterKeys.load(quickStart, false)).hasMessageContaining("refused outside the quick");
    }

    @Test
    @DisplayName(
            "P1-T32 attack: the quick start's published key is refused outside the quick start under any ID, padded"
                    + " or not, inline or in a keystore")
    void quickStartKeyBytesAreRefusedHoweverLabelled(@TempDir Path dir) throws Exception {
        // What application-quickstart.yml publishes, as an operator could copy it under a name of their own.
        YamlPropertiesFactoryBean quickStartProfile = new YamlPropertiesFactoryBean();
        quickStartProfile.setResources(new ClassPathResource("application-quickstart.yml"));
        String entry = quickStartProfile.getObject().getProperty("autobiz.master-keys.keys[0]");
        String published = entry.substring(entry.indexOf(':') + 1);
        Path keystore = keystore(dir, "k2026a", Base64.getDecoder().decode(published));

        for (MasterKeyProperties relabelled : List.of(
                inline(null, "k2026a:" + published),
                inline(null, "k2026a:" + published.replace("=", "")),
                inline("mine", "mine:" + KEY_A, "old:" + published),
                new MasterKeyProperties(null, List.of(), keystore.toString(), KEYSTORE_PASSWORD))) {
            assertThatThrownBy(() -> MasterKeys.load(relabelled, false))
                    .as(relabelled.toString())
                    .hasMessageContaining("the quick start's published demo key")
                    .hasMessageNotContaining(published);
        }
        assertThat(MasterKeys.load(inline(null, "quickstart-demo:" + published), true)
                        .currentKeyId())
                .as("the quick start itself still uses it")
                .isEqualTo("quickstart-demo");
    }

    @Test
    @DisplayName("P1-T32 a bad key is refused with a message that names it and never shows key material")
    void badKeysAreRefusedWithoutLeaking() {
        String shortKey = base64("only-sixteen-b!!");

        assertThatThrownBy(() -> MasterKeys.load(inline(null, "k1:" + shortKey), false))
                .hasMessageContaining("k1")
                .hasMessageContaining("16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> MasterKeys.load(inline(null, "k1:not base64!"), false))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> MasterKeys.load(inline(null, "k1:" + KEY_A, "k1:" + KEY_B), false))
                .hasMessageContaining("two different master keys")
                .hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> MasterKeys.load(inline(null, "k1:" + KEY_A, "k2:" + KEY_B), false))
                .hasMessageContaining("AUTOBIZ_MASTER_KEY_ID");
        assertThatThrownBy(() -> MasterKeys.load(inline("k3", "k1:" + KEY_A), false))
                .hasMessageContaining("'k3' is not among");
        assertThat(inline("k1", "k1:" + KEY_A).toString()).doesNotContain(KEY_A);
    }

    @Test
    @DisplayName("P1-T32 master keys can come from a PKCS#12 keystore file, aliases as key IDs")
    void loadsAKeystore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master-keys.p12");
        char[] password = "test-only-keystore-password".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        store.setEntry(
                "k2026a",
                new KeyStore.SecretKeyEntry(
                        new SecretKeySpec(Base64.getDecoder().decode(KEY_A), "AES")),
                new KeyStore.PasswordProtection(password));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }

        KeyRing ring = MasterKeys.load(
                new MasterKeyProperties("k2026a", List.of("k2025:" + KEY_B), file.toString(), new String(password)),
                false);

        assertThat(ring.currentKeyId()).isEqualTo("k2026a");
        assertThat(ring.contains("k2025"))
                .as("an inline key beside the keystore's")
                .isTrue();
        assertThatThrownBy(() -> MasterKeys.load(
                        new MasterKeyProperties(null, List.of(), file.toString(), "wrong-test-password"), false))
                .hasMessageContaining("cannot read the master keystore")
                .hasMessageNotContaining("wrong-test-password");
    }

    private static Path keystore(Path dir, String alias, byte[] key) throws Exception {
        Path file = dir.resolve("master-keys-" + alias + ".p12");
        char[] password = KEYSTORE_PASSWORD.toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        store.setEntry(
                alias,
                new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")),
                new KeyStore.PasswordProtection(password));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }
}
