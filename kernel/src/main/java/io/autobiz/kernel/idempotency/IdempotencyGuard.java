package io.autobiz.kernel.idempotency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolContract;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6 (INV-05): a WRITE or FINANCIAL call runs at most once per key and window.
 *
 * <p>{@link #claim} answers with {@link Execute} (this caller, and only this one, runs the call; an in-flight record
 * was committed first, docs/architecture.md, "Transactions") or {@link Replay} (an identical call completed within the
 * window; its stored output is returned and nothing executes). It refuses with {@code IDEMPOTENCY_CONFLICT} when the
 * same intent comes with other arguments and with the retryable {@code IDEMPOTENCY_IN_PROGRESS} while an identical
 * call is running.
 *
 * <p>Redis is only a cache of committed results; when it fails the database answers, and when the database fails the
 * call is refused ({@code KERNEL_FAILURE}): never "execute anyway".
 */
public final class IdempotencyGuard {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyGuard.class);
    private static final int CLAIM_ATTEMPTS = 3;

    /** What {@link #claim} decided. */
    public sealed interface Claim permits Execute, Replay {
        IdempotencyKey key();
    }

    /**
     * Run the call; then {@link #complete} in the step's transaction, or {@link #release} if it failed.
     *
     * @param leaseUntil the end of this caller's lease: it names the claim, so that releasing or completing it late
     *     never touches a claim another caller took over since
     */
    public record Execute(IdempotencyKey key, Instant leaseUntil) implements Claim {}

    /** Do not run the call: it already ran within the window and produced {@code output}. */
    public record Replay(IdempotencyKey key, ObjectNode output) implements Claim {}

    private final IdempotencyRecords records;
    private final HotPath hot;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration window;
    private final Duration leaseMargin;

    /**
     * @param window how long a completed call's result is returned instead of executing again (24 h by default)
     * @param leaseMargin added to the tool's timeout: an in-flight claim older than both is abandoned and may be taken
     *     over (the taker sends the same external key, so the provider answers with the first result)
     */
    public IdempotencyGuard(
            IdempotencyRecords records,
            HotPath hot,
            MeterRegistry meters,
            Clock clock,
            Duration window,
            Duration leaseMargin) {
        this.records = Objects.requireNonNull(records);
        this.hot = Objects.requireNonNull(hot);
        this.meters = Objects.requireNonNull(meters);
        this.clock = Objects.requireNonNull(clock);
        this.window = Objects.requireNonNull(window);
        this.leaseMargin = Objects.requireNonNull(leaseMargin);
    }

    /** In memory, for unit tests and benchmarks: one JVM, no durability. */
    public static IdempotencyGuard inMemory(MeterRegistry meters, Clock clock) {
        return new IdempotencyGuard(
                new InMemoryIdempotencyRecords(),
                HotPath.NONE,
                meters,
                clock,
                Duration.ofHours(24),
                Duration.ofSeconds(30));
    }

    public Duration window() {
        return window;
    }

    public Claim claim(RunContext run, ToolContract contract, ObjectNode input) {
        IdempotencyKey key = IdempotencyKey.of(run.tenant(), contract, input);
        String tool = contract.id().toString();
        Optional<HotPath.Completed> cached = fromHotPath(run.tenant(), key);
        if (cached.isPresent()) {
            return replay(
                    contract, key, cached.get().argumentsSha256(), cached.get().result(), "redis");
        }
        try {
            return claimDurably(run, contract, key, tool);
        } catch (KernelError e) {
            throw e;
        } catch (RuntimeException e) {
            throw KernelError.of(
                    ErrorCode.KERNEL_FAILURE,
                    "the idempotency record of " + tool + " could not be read or written; the call was not executed",
                    Map.of(),
                    e);
        }
    }

    private Claim claimDurably(RunContext run, ToolContract contract, IdempotencyKey key, String tool) {
        TenantId tenant = run.tenant();
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            Instant now = now();
            Instant leaseUntil = now.plus(contract.timeout()).plus(leaseMargin);
            if (records.insertInFlight(tenant, tool, key, run.runId(), now, leaseUntil)) {
                counter("idempotency_miss_total", tool, "first");
                return new Execute(key, leaseUntil);
            }
            Optional<IdempotencyRecord> found = records.find(tenant, key.internal());
            if (found.isEmpty()) {
                continue; // released between our insert and our read: try again
            }
            IdempotencyRecord record = found.get();
            boolean inWindow = now.isBefore(record.firstSeenAt().plus(window));
            if (record.status() == IdempotencyRecord.Status.COMPLETED && inWindow) {
                Claim replay = replay(contract, key, record.argumentsSha256(), record.result(), "database");
                cache(tenant, key, record);
                return replay;
            }
            if (record.status() == IdempotencyRecord.Status.IN_FLIGHT) {
                if (!record.argumentsSha256().equals(key.argumentsSha256()) && !atMostOnce(contract)) {
                    throw conflict(tool, key);
                }
                if (now.isBefore(record.leaseUntil())) {
                    throw inProgress(tool, key, record);
                }
            }
            if (record.status() == IdempotencyRecord.Status.IN_FLIGHT
                    && atMostOnce(contract)
                    && records.takeOver(tenant, record, key, run.runId(), now, leaseUntil)) {
                // Abandoned mid-call (its node died): the provider may have acted and cannot recognise a retry.
                ObjectNode unknown = contract.outcomeWhenUnknown().orElseThrow();
                records.complete(tenant, key.internal(), CanonicalJson.canonicalize(unknown), now);
                counter("idempotency_miss_total", tool, "abandoned_outcome_unknown");
                log.warn(
                        "{} claim {} was abandoned mid-call; recorded as an unknown outcome, not made again",
                        tool,
                        key.external());
                return new Replay(key, unknown);
            }
            // Out of its window, or an abandoned claim: whoever swaps the record first executes.
            if (records.takeOver(tenant, record, key, run.runId(), now, leaseUntil)) {
                counter(
                        "idempotency_miss_total",
                        tool,
                        record.status() == IdempotencyRecord.Status.COMPLETED ? "window_expired" : "abandoned");
                return new Execute(key, leaseUntil);
            }
        }
        throw KernelError.of(
                ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                "an identical call of " + tool + " is being claimed concurrently; try again shortly",
                Map.of("externalKey", key.external()));
    }

    /**
     * Stores the output in the step's transaction. If the step rolls back, its unit of work must call
     * {@link #rolledBack}: otherwise the claim stays in flight until its lease, and for good when nothing calls again.
     */
    public void complete(TenantId tenant, IdempotencyKey key, ObjectNode output) {
        records.complete(tenant, key.internal(), CanonicalJson.canonicalize(output), now());
    }

    /**
     * Drops the claim of a call that failed (refused by the provider, timed out, invalid output), so a retry is not
     * held up for the lease. A retry sends the same external key, so a provider that did act answers with its first
     * result.
     */
    public void release(TenantId tenant, Execute claim) {
        try {
            records.release(tenant, claim.key().internal(), claim.leaseUntil());
        } catch (RuntimeException e) {
            log.warn(
                    "could not release the idempotency claim {}; it expires with its lease",
                    claim.key().external(),
                    e);
        }
    }

    /**
     * The step that completed {@code claim} rolled back after its call was made (a later step of the job failed, the
     * engine's optimistic lock, a node shutting down): the completion went with it and the claim is in flight again,
     * though nobody is calling. Where the provider deduplicates, the claim is released: a retry executes with the same
     * external key, gets the first result and writes its receipt. An at-most-once tool's output is recorded as the
     * claim's result in a transaction of its own, so a retry replays it instead of making the effect again. Either way
     * nothing is left in flight for a caller that never comes back (a reconciliation that finds the drift gone).
     */
    public void rolledBack(TenantId tenant, ToolContract contract, Execute claim, ObjectNode output) {
        String tool = contract.id().toString();
        try {
            if (!atMostOnce(contract)) {
                records.release(tenant, claim.key().internal(), claim.leaseUntil());
                rolledBackCounter(tool, "released");
                return;
            }
            boolean recorded = records.completeAlone(
                    tenant, claim.key().internal(), claim.leaseUntil(), CanonicalJson.canonicalize(output), now());
            rolledBackCounter(tool, recorded ? "result_kept" : "claim_moved_on");
        } catch (RuntimeException e) {
            log.warn(
                    "the claim {} of a rolled-back step could not be released or completed; it expires with its lease",
                    claim.key().external(),
                    e);
        }
    }

    private Optional<HotPath.Completed> fromHotPath(TenantId tenant, IdempotencyKey key) {
        try {
            return hot.get(tenant, key.internal());
        } catch (RuntimeException e) {
            meters.counter("idempotency_hot_path_failure_total").increment();
            log.warn("idempotency hot path unavailable, answering from the database: {}", e.toString());
            return Optional.empty();
        }
    }

    private void cache(TenantId tenant, IdempotencyKey key, IdempotencyRecord record) {
        Duration left = Duration.between(now(), record.firstSeenAt().plus(window));
        try {
            hot.put(tenant, key.internal(), new HotPath.Completed(record.argumentsSha256(), record.result()), left);
        } catch (RuntimeException e) {
            meters.counter("idempotency_hot_path_failure_total").increment();
        }
    }

    private Claim replay(
            ToolContract contract, IdempotencyKey key, String storedArguments, String result, String source) {
        String tool = contract.id().toString();
        if (!storedArguments.equals(key.argumentsSha256())) {
            if (!atMostOnce(contract)) {
                throw conflict(tool, key);
            }
            // The intent already took effect, in other words (another workflow's mail about the same order): at most
            // once means it is not made again, and no incident is raised for what was done.
            meters.counter("idempotency_same_intent_other_arguments_total", "tool", tool)
                    .increment();
            log.warn(
                    "{} with intent {} was already made with other arguments; answered with its first result, not made"
                            + " again",
                    tool,
                    key.external());
        }
        counter("idempotency_hit_total", tool, source);
        return new Replay(key, (ObjectNode) Json.parse(result));
    }

    /**
     * A tool whose provider cannot deduplicate (its contract records unknown outcomes): for it the intent alone says
     * which effect a call is, so a call of the same intent with other arguments is that effect again, not a conflict.
     * While the first call is in flight the second waits ({@code IDEMPOTENCY_IN_PROGRESS}); once it completed, the
     * second gets its result.
     */
    private static boolean atMostOnce(ToolContract contract) {
        return contract.outcomeWhenUnknown().isPresent();
    }

    private KernelError conflict(String tool, IdempotencyKey key) {
        meters.counter("idempotency_conflict_total", "tool", tool).increment();
        return KernelError.of(
                ErrorCode.IDEMPOTENCY_CONFLICT,
                "a call of " + tool + " with the same intent but other arguments was already made"
                        + " within the idempotency window",
                Map.of("externalKey", key.external()));
    }

    private static KernelError inProgress(String tool, IdempotencyKey key, IdempotencyRecord record) {
        return KernelError.of(
                ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                "an identical call of " + tool + " is executing; try again after " + record.leaseUntil(),
                Map.of("externalKey", key.external()));
    }

    private void rolledBackCounter(String tool, String outcome) {
        meters.counter("idempotency_rolled_back_total", "tool", tool, "outcome", outcome)
                .increment();
    }

    private void counter(String name, String tool, String source) {
        meters.counter(name, "tool", tool, "source", source).increment();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
