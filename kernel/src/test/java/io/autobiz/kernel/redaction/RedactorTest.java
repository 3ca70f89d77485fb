package io.autobiz.kernel.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Unit
class RedactorTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Redactor redactor = new Redactor(RedactionPolicy.defaults(), new SecretScanner(), meters);
    private final SecretScanner scanner = new SecretScanner();

    @Test
    @DisplayName("P1-T35 allowlisted fields stay, names, emails, phones and addresses are masked, the rest is omitted")
    void allowlistAndMasking() {
        String redacted = redactor.redact(Json.parse("""
                        {"orderId":"o-1","amount":2500,"currency":"usd",
                         "email":"jane.doe@example.com","phone":"+1 555 010 0142","name":"Jane Doe",
                         "shippingAddress":{"street":"1 Main St","city":"Springfield"},
                         "internalNote":"VIP, handle with care","items":[{"sku":"MUG-1","quantity":2}]}"""), "test");

        assertThat(Json.parse(redacted)).isEqualTo(Json.parse("""
                        {"orderId":"o-1","amount":2500,"currency":"usd",
                         "email":"j***@example.com","phone":"***42","name":"***",
                         "shippingAddress":{"street":"***","city":"***"},
                         "internalNote":"[omitted]","items":[{"sku":"MUG-1","quantity":2}]}"""));
    }

    @Test
    @DisplayName("P1-T04-NEG-free-text-with-at INV-04 a sensitive free text that holds an '@' (a tool reference, an"
            + " address inside a sentence) is masked whole: nothing after the '@' survives")
    void freeTextWithAnAtSignIsMaskedWhole() {
        String redacted = redactor.redact(Json.parse("""
                        {"text":"*Approve stripe.refund.create@1 of 15.00 USD*\\nGrace Hopper (grace@navy.example, 1 Compiler Lane) says it arrived torn",
                         "blocks":[{"type":"section","text":{"type":"mrkdwn","text":"Refund for grace@navy.example at 1 Compiler Lane"}}]}"""), "test");

        assertThat(redacted).doesNotContain("Grace", "grace", "navy.example", "Compiler", "torn");
        assertThat(Json.parse(redacted).path("text").asText()).isEqualTo("***");
        assertThat(Redactor.maskText("jane.doe@example.com")).isEqualTo("j***@example.com");
        assertThat(Redactor.maskText("mail jane.doe@example.com today")).isEqualTo("***");
    }

    @Test
    @DisplayName("P1-T-RK08a a secret in an allowlisted field is rejected, counted by type and never returned")
    void secretInAllowedFieldIsRejected() {
        assertThatThrownBy(() -> redactor.redact(
                        Json.parse("{\"reason\":\"Authorization: Bearer test-token-abcdefghijklmnop\"}"), "trace of x"))
                .isInstanceOf(SecretRejectedException.class)
                .hasMessageContaining("bearer_token")
                .hasMessageNotContaining("abcdefghijklmnop");
        assertThat(meters.counter("scanner_detection_total", "type", "bearer_token")
                        .count())
                .isEqualTo(1.0);
    }

    @ParameterizedTest(name = "P1-T-RK08a the scanner finds {0}")
    @ValueSource(
            strings = {
                "sk_test_FAKE0000fake1111",
                "whsec_test_FAKE0000fake",
                "shpat_FAKEFAKEFAKEFAKE",
                "SG.fake-test-key-0000.fake-test-key-1111",
                "xoxb-0000-fake-test",
                "sk-proj-FAKEFAKEFAKEFAKEFAKE",
                "AKIAFAKEFAKEFAKEFAKE",
                "-----BEGIN RSA PRIVATE KEY-----",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.ZmFrZS1zaWduYXR1cmU",
                "Bearer FAKEtokenFAKEtoken"
            })
    void scannerFindsSecretShapes(String secret) {
        assertThat(scanner.scan("prefix " + secret + " suffix")).isNotEmpty();
    }

    @Test
    @DisplayName("P1-T-RK08b card numbers are found only when they pass the Luhn check")
    void cardNumbersAreLuhnChecked() {
        assertThat(scanner.scan("card 4242 4242 4242 4242 on file"))
                .extracting(SecretScanner.Detection::type)
                .containsExactly("card_number");
        assertThat(scanner.scan("card 4242-4242-4242-4241 on file")).isEmpty();
        assertThat(scanner.scan("order 1234567890123 shipped")).isEmpty();
        assertThat(SecretScanner.luhnValid("79927398713")).isTrue();
        assertThat(SecretScanner.luhnValid("79927398710")).isFalse();
    }

    @Test
    @DisplayName("P1-T-RK08b log masking replaces each finding with its type and keeps the rest of the line")
    void maskKeepsTheLineReadable() {
        assertThat(scanner.mask("charging 4000 0566 5566 5556 with key sk_test_FAKE0000fake1111 for o-1"))
                .isEqualTo("charging [REDACTED:card_number] with key [REDACTED:stripe_key] for o-1");
    }

    @Test
    @DisplayName("P1-T35 ordinary identifiers and amounts are not mistaken for secrets")
    void noFalsePositivesOnOrdinaryValues() {
        assertThat(scanner.scan("{\"paymentIntentId\":\"pi_3MtwBwLkdIwHu7ix28a3tqPa\",\"amount\":2500,"
                        + "\"trackingNumber\":\"1Z999AA10123456784\",\"phone\":\"***42\"}"))
                .isEmpty();
    }
}
