/**
 * Application log redaction: logback converters that pass every log message and every printed stack trace (the
 * exception's message, its causes' and suppressed exceptions') through the kernel's secret scanner, so a key, token or
 * card number that reaches a log call is written as {@code [REDACTED:<type>]}. They must never log themselves (they
 * run inside logging) and never drop a line.
 */
package io.autobiz.operations.logging;
