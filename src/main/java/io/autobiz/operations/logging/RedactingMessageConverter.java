package io.autobiz.operations.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.autobiz.kernel.redaction.SecretScanner;

/**
 * {@code %m}, {@code %msg} and {@code %message} in logback-spring.xml: the formatted message with every secret and card
 * number the kernel's {@link SecretScanner} finds replaced by {@code [REDACTED:<type>]}.
 */
public final class RedactingMessageConverter extends MessageConverter {

    private static final SecretScanner SCANNER = new SecretScanner();

    @Override
    public String convert(ILoggingEvent event) {
        return SCANNER.mask(super.convert(event));
    }
}
