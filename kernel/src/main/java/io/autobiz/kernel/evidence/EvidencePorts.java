package io.autobiz.kernel.evidence;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.cost.PriceTable;
import io.autobiz.kernel.idempotency.HotPath;
import io.autobiz.kernel.idempotency.IdempotencyRecords;
import io.autobiz.kernel.receipt.Receipts;
import io.autobiz.kernel.redaction.RedactionPolicy;
import io.autobiz.kernel.redaction.Redactor;
import io.autobiz.kernel.redaction.SecretScanner;
import io.autobiz.kernel.state.States;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the evidence steps (6 idempotency, 10 receipt, 11 state version, 12 cost and redacted trace) keep what they
 * record, and their settings; the kernel builds the steps from these ({@code KernelExecutor.Builder#evidence}).
 *
 * @param idempotencyWindow how long a completed call's result is returned instead of executing again
 * @param leaseMargin added to a tool's timeout: an in-flight claim older than both may be taken over (the taker sends
 *     the same external key, so the provider answers with the first result)
 * @param hotPath a cache in front of the idempotency records, or {@link HotPath#NONE}
 * @param observations where each tool call is observed: in the application, Micrometer's registry, which makes it an
 *     OpenTelemetry span when tracing is on and a timer in any case
 */
@KernelApi
public record EvidencePorts(
        IdempotencyRecords idempotencyRecords,
        HotPath hotPath,
        Duration idempotencyWindow,
        Duration leaseMargin,
        Receipts receipts,
        States states,
        PriceTable prices,
        Redactor redactor,
        ObservationRegistry observations) {

    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_LEASE_MARGIN = Duration.ofSeconds(30);

    public EvidencePorts {
        Objects.requireNonNull(idempotencyRecords, "idempotencyRecords");
        Objects.requireNonNull(hotPath, "hotPath");
        Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
        Objects.requireNonNull(leaseMargin, "leaseMargin");
        Objects.requireNonNull(receipts, "receipts");
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(redactor, "redactor");
        Objects.requireNonNull(observations, "observations");
    }

    /**
     * The stores, with the defaults for the rest: no hot path, a 24-hour window, a 30-second lease margin, the default
     * prices and redaction policy, no observation.
     */
    public static EvidencePorts of(
            IdempotencyRecords idempotencyRecords, Receipts receipts, States states, MeterRegistry meters) {
        return new EvidencePorts(
                idempotencyRecords,
                HotPath.NONE,
                DEFAULT_IDEMPOTENCY_WINDOW,
                DEFAULT_LEASE_MARGIN,
                receipts,
                states,
                PriceTable.defaults(),
                new Redactor(RedactionPolicy.defaults(), new SecretScanner(), meters),
                ObservationRegistry.NOOP);
    }

    public EvidencePorts withHotPath(HotPath hotPath) {
        return new EvidencePorts(
                idempotencyRecords,
                hotPath,
                idempotencyWindow,
                leaseMargin,
                receipts,
                states,
                prices,
                redactor,
                observations);
    }
}
