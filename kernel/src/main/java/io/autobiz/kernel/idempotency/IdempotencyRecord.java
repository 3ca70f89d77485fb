package io.autobiz.kernel.idempotency;

import io.autobiz.kernel.KernelApi;
import java.time.Instant;

/**
 * The durable record of one key: claimed (in flight) until the call's step commits its result.
 *
 * @param internalKey the key
 * @param argumentsSha256 the arguments it was first claimed with
 * @param status in flight or completed
 * @param result the stored output (canonical JSON) once completed, else null
 * @param firstSeenAt when the key was first claimed in its current window
 * @param leaseUntil an in-flight claim older than this is abandoned (its node crashed or its step rolled back) and may
 *     be taken over; the taker sends the same external key, so the provider answers with the first result
 * @param completedAt when the result was stored, else null
 */
@KernelApi
public record IdempotencyRecord(
        String internalKey,
        String argumentsSha256,
        Status status,
        String result,
        Instant firstSeenAt,
        Instant leaseUntil,
        Instant completedAt) {

    public enum Status {
        IN_FLIGHT,
        COMPLETED
    }
}
