package io.autobiz.webhooks;

/** A delivery refused before anything was stored; {@code reason} is counted and logged, never the body. */
final class WebhookRejected extends RuntimeException {

    final int status;
    final String reason;

    WebhookRejected(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }
}
