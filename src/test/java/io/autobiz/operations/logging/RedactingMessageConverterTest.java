package io.autobiz.operations.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.autobiz.testing.stage.Unit;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
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

    @Test
    @DisplayName("P1-T35 P1-T-RK08 attack: a key in an exception's message and a card number in its cause are masked in"
            + " the logged stack trace, which is otherwise kept")
    void masksSecretsInStackTraces() throws Exception {
        IllegalStateException failure = new IllegalStateException(
                "stripe refused sk_test_FAKE0000fake1111",
                new IllegalArgumentException("card 4242424242424242 declined"));

        String line = asTheApplicationLogs(failure);

        assertThat(line)
                .contains("capture failed")
                .contains("java.lang.IllegalStateException: stripe refused [REDACTED:stripe_key]")
                .contains("Caused by: java.lang.IllegalArgumentException: card [REDACTED:card_number] declined")
                .contains("at io.autobiz.operations.logging.RedactingMessageConverterTest.masksSecretsInStackTraces")
                .doesNotContain("sk_test_FAKE0000fake1111")
                .doesNotContain("4242424242424242");
    }

    /** The line the application's own logback-spring.xml writes for an ERROR with {@code failure} attached. */
    private static String asTheApplicationLogs(Throwable failure) throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(RedactingMessageConverterTest.class.getResource("/logback-spring.xml"));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE");
        LoggingEvent event =
                new LoggingEvent(Logger.FQCN, context.getLogger("test"), Level.ERROR, "capture failed", failure, null);
        try {
            return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }
}
