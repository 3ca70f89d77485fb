package io.autobiz.kernel.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class SecretBoxTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private final KeyRing ring = KeyRing.of(Map.of("k1", key(1)), "k1");
    private final SecretBox box = new SecretBox(ring);

    @Test
    @DisplayName("P1-T32 a sealed value opens with its key and associated data, and names its key ID")
    void roundTrip() {
        String sealed = box.encrypt("sk_test_not_real", "acme|stripe.api_key");

        assertThat(sealed).startsWith("v1:k1:").doesNotContain("sk_test_not_real");
        assertThat(box.decrypt(sealed, "acme|stripe.api_key")).isEqualTo("sk_test_not_real");
        assertThat(SecretBox.keyIdOf(sealed)).isEqualTo("k1");
        assertThat(box.encrypt("same", "x")).isNotEqualTo(box.encrypt("same", "x"));
    }

    @Test
    @DisplayName("P1-T32 a value sealed for one tenant does not open for another, nor after tampering")
    void boundToItsPlaceAndTamperEvident() {
        String sealed = box.encrypt("sk_test_not_real", "acme|stripe.api_key");

        assertThatThrownBy(() -> box.decrypt(sealed, "globex|stripe.api_key"))
                .isInstanceOf(SecretBox.SecretBoxException.class)
                .hasMessageNotContaining("sk_test");
        byte[] raw = Base64.getDecoder().decode(sealed.substring("v1:k1:".length()));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.decrypt(tampered, "acme|stripe.api_key"))
                .isInstanceOf(SecretBox.SecretBoxException.class);
    }

    @Test
    @DisplayName("P1-T32 after a master key rotation old values still open and new ones use the new key")
    void rotation() {
        String old = box.encrypt("old-secret", "a");
        SecretBox rotated = new SecretBox(KeyRing.of(Map.of("k1", key(1), "k2", key(2)), "k2"));

        assertThat(rotated.decrypt(old, "a")).isEqualTo("old-secret");
        assertThat(SecretBox.keyIdOf(rotated.encrypt("new-secret", "a"))).isEqualTo("k2");
        assertThatThrownBy(() -> new SecretBox(KeyRing.of(Map.of("k2", key(2)), "k2")).decrypt(old, "a"))
                .hasMessageContaining("not in the key ring");
    }

    @Test
    @DisplayName("P1-T32 a key ring refuses keys that are not AES-256 and a current key it does not hold")
    void keyRingValidation() {
        assertThatThrownBy(() -> KeyRing.of(Map.of("k1", new byte[16]), "k1")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> KeyRing.of(Map.of("k1", key(1)), "k9")).hasMessageContaining("not in the key ring");
        assertThat(ring.toString()).doesNotContain("[1, 1");
    }
}
