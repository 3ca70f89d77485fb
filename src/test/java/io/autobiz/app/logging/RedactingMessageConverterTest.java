package io.autobiz.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedactingMessageConverterTest {

    private static String converted(String message, Object... arguments) {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.INFO, message, null, arguments);
        RedactingMessageConverter converter = new RedactingMessageConverter();
        converter.start();
        return converter.convert(event);
    }

    @Test
    @DisplayName("P1-T35 application log messages have keys, tokens and card numbers masked, the rest kept")
    void masksSecretsInLogMessages() {
        assertThat(converted("calling stripe with {} for card {}", "sk_test_FAKE0000fake1111", "4242424242424242"))
                .isEqualTo("calling stripe with [REDACTED:stripe_key] for card [REDACTED:card_number]");
        assertThat(converted("header Authorization: Bearer FAKEtokenFAKEtoken1234"))
                .isEqualTo("header Authorization: [REDACTED:bearer_token]");
        assertThat(converted("order {} captured", "o-1001")).isEqualTo("order o-1001 captured");
    }
}
