package io.autobiz.webhooks;

import java.time.Duration;
import java.time.Instant;

/** A signed timestamp must be within the tolerance of now, in both directions: a replay is old, a forgery may be new. */
final class Freshness {

    private Freshness() {}

    static void check(Instant signedAt, Instant now, Duration tolerance) {
        Duration skew = Duration.between(signedAt, now).abs();
        if (skew.compareTo(tolerance) > 0) {
            throw new WebhookRejected(401, "stale_timestamp", "the signed timestamp is outside the allowed window");
        }
    }
}
