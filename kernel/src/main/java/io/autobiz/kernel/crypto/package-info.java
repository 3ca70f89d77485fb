/**
 * The one place for digests and MACs: SHA-256, HMAC-SHA256 and constant-time comparison, on the JDK's own
 * implementations. Webhook verification, idempotency keys and receipt chains all use these; nothing writes its own.
 */
package io.autobiz.kernel.crypto;
