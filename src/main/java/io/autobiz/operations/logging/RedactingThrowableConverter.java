package io.autobiz.operations.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.autobiz.kernel.redaction.SecretScanner;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * The stack trace of a log line ({@code %wEx}, Spring Boot's default, and the other throwable words in
 * logback-spring.xml) with every secret and card number the kernel's {@link SecretScanner} finds replaced by
 * {@code [REDACTED:<type>]}. An exception's message is as likely to carry a key or a card number as a log message (a
 * provider's error echoing the request), and so are its causes' and suppressed exceptions' messages: the whole printed
 * trace is scanned, frames included, and nothing else changes.
 */
public final class RedactingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    private static final SecretScanner SCANNER = new SecretScanner();

    @Override
    public String convert(ILoggingEvent event) {
        return SCANNER.mask(super.convert(event));
    }
}
