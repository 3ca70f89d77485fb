package io.autobiz.webhooks;

import java.time.Duration;
import java.time.Instant;

/** A signed timestamp must be within the tolerance of now, in both directions: a replay is old, a forgery may be new. */
final class Freshness {

    private Freshness() {}

    static void check(Instant signedAt, Instant now, Duration tolerance) {
        check(signedAt.getEpochSecond(), now, tolerance);
    }

    /**
     * Compares in plain seconds, never building an {@link Instant} from the caller's number: a timestamp beyond what an
     * Instant can hold (or near {@code Long.MAX_VALUE}) is simply outside the window, not a server error.
     */
    static void check(long signedEpochSeconds, Instant now, Duration tolerance) {
        long earliest = now.getEpochSecond() - tolerance.getSeconds();
        long latest = now.getEpochSecond() + tolerance.getSeconds();
        if (signedEpochSeconds < earliest || signedEpochSeconds > latest) {
            throw new WebhookRejected(401, "stale_timestamp", "the signed timestamp is outside the allowed window");
        }
    }
}
