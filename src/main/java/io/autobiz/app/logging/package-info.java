/**
 * Application log redaction: a logback converter that passes every log message through the kernel's secret scanner,
 * so a key, token or card number that reaches a log call is written as {@code [REDACTED:<type>]}. It must never log
 * itself (it runs inside logging) and never drop a line.
 */
package io.autobiz.app.logging;
