package io.autobiz.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import com.stripe.net.Webhook;
import io.autobiz.testing.stage.Unit;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The test signers sign as the providers do: against the providers' own SDK generators and a published HMAC vector. */
@Unit
class TestSignersTest {

    private static final String BODY = "{\"id\":\"evt_test_1\",\"object\":\"event\",\"note\":\"caf\u00e9\"}";
    /** HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), the widely published example. */
    private static final String FOX = "The quick brown fox jumps over the lazy dog";

    private static final String FOX_HMAC = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

    @Test
    @DisplayName("Printful's signature is the hex HMAC-SHA256 of the body; Shopify's is the same HMAC in base64")
    void shopifyAndPrintfulAreTheBodysHmac() {
        assertThat(TestSigners.printful(FOX, "key")).isEqualTo(FOX_HMAC);
        assertThat(TestSigners.shopify(FOX, "key"))
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(FOX_HMAC)));
        assertThat(TestSigners.printful(FOX.getBytes(StandardCharsets.UTF_8), "key"))
                .isEqualTo(FOX_HMAC);
    }

    @Test
    @DisplayName("Stripe's header is what stripe-java's own generator writes, for a String and for its UTF-8 bytes")
    void stripeAsStripeJavaSigns() throws Exception {
        String expected = Webhook.Signature.generateSignatureHeader(BODY, "whsec_test_signers", 1_764_000_000L);

        assertThat(TestSigners.stripe(BODY, "whsec_test_signers", 1_764_000_000L))
                .isEqualTo(expected);
        assertThat(TestSigners.stripe(BODY.getBytes(StandardCharsets.UTF_8), "whsec_test_signers", 1_764_000_000L))
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("Slack's header is what Slack's SDK generator writes (v0 over version, timestamp and body)")
    void slackAsSlacksSdkSigns() {
        String expected = new SlackSignature.Generator("it-fake-slack-signing-secret").generate("1764000000", BODY);

        assertThat(TestSigners.slack(BODY, "it-fake-slack-signing-secret", 1_764_000_000L))
                .isEqualTo(expected);
    }

    @Test
    @DisplayName(
            "SendGrid's signature verifies with the public key over the timestamp and the body, and only over them")
    void sendgridVerifiesWithThePublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();

        byte[] signature = Base64.getDecoder().decode(TestSigners.sendgrid(BODY, keys.getPrivate(), 1_764_000_000L));

        assertThat(verifies(keys, "1764000000" + BODY, signature)).isTrue();
        assertThat(verifies(keys, "1764000001" + BODY, signature)).isFalse();
    }

    private static boolean verifies(KeyPair keys, String signed, byte[] signature) throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(keys.getPublic());
        ecdsa.update(signed.getBytes(StandardCharsets.UTF_8));
        return ecdsa.verify(signature);
    }
}
