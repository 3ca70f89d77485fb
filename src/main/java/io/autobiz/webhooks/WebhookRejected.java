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

    static WebhookRejected missingSignature() {
        return new WebhookRejected(401, "missing_signature", "the delivery carries no signature");
    }

    static WebhookRejected badSignature() {
        return new WebhookRejected(401, "bad_signature", "the signature does not match the body");
    }
}
