package io.autobiz.webhooks;

/**
 * A delivery refused before anything was stored; {@code reason} is counted and logged, never the body. A refusal with
 * an {@code incident} is also recorded as a security incident of the store whose endpoint was called.
 */
final class WebhookRejected extends RuntimeException {

    final int status;
    final String reason;
    /** What was attempted, for the security incident, in words and IDs; null when the refusal is no incident. */
    final String incident;

    WebhookRejected(int status, String reason, String message) {
        this(status, reason, message, null);
    }

    private WebhookRejected(int status, String reason, String message, String incident) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.incident = incident;
    }

    static WebhookRejected missingSignature() {
        return new WebhookRejected(401, "missing_signature", "the delivery carries no signature");
    }

    static WebhookRejected badSignature() {
        return new WebhookRejected(401, "bad_signature", "the signature does not match the body");
    }

    /** A body or header that is not what the provider sends. */
    static WebhookRejected malformed(String message) {
        return new WebhookRejected(400, "malformed", message);
    }

    /** An unsigned header (Shopify's topic) that the signed body contradicts. */
    static WebhookRejected topicMismatch(String message) {
        return new WebhookRejected(400, "topic_mismatch", message);
    }

    /**
     * A correctly signed delivery for another shop, account, Printful store or Slack team than this store's: replayed
     * across stores that share a signing secret, or misrouted. Refused and recorded as a security incident.
     */
    static WebhookRejected wrongStore(String provider, String what, String presented, String configured) {
        String shown = presented.length() > 100 ? presented.substring(0, 100) + "..." : presented;
        String attempted = provider + " delivery for " + what + " '" + shown + "' posted to the endpoint of a store"
                + (configured == null
                        ? " that has no " + what + " configured"
                        : " whose " + what + " is '" + configured + "'");
        return new WebhookRejected(403, "wrong_store", "the delivery is for another " + what, attempted);
    }

    /** The source spent its limit of refused deliveries; it is answered without being looked at. */
    static WebhookRejected rateLimited() {
        return new WebhookRejected(
                429, "rate_limited", "too many refused deliveries from this address; try again later");
    }
}
