package io.autobiz.kernel.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.config.BusinessConfig;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4 of the pipeline (INV-03). Before a call goes on, charges it to its run — a step, a tool call, its money at
 * risk — and refuses it if that would break a bound of the store's config or repeat the run into a loop. The first
 * breach terminates the run: the ledger keeps the reason, and every later call of the run is refused with it.
 * After a call, its tokens are added; a call that pushes the run over its token bound terminates the run for the
 * next call (the tokens were already spent).
 */
public final class BoundsEnforcer {

    private static final Logger log = LoggerFactory.getLogger(BoundsEnforcer.class);

    private final RunLedger ledger;
    private final LoopDetector loops;
    private final MeterRegistry meters;
    private final Clock clock;

    public BoundsEnforcer(RunLedger ledger, LoopDetector loops, MeterRegistry meters, Clock clock) {
        this.ledger = ledger;
        this.loops = loops;
        this.meters = meters;
        this.clock = clock;
    }

    /** What the check decided, applied to the ledger inside its lock. */
    private record Verdict(String bound, ErrorCode code, String message) {
        static final Verdict PASS = new Verdict(null, null, null);
    }

    public void charge(RunContext run, ToolContract tool, JsonNode input, String fingerprint, ActiveConfig active) {
        BusinessConfig config = active.config();
        BusinessConfig.Bounds bounds = config.boundsFor(run.workflow());
        long money = moneyOf(tool, input);
        Instant now = clock.instant();
        Optional<LocalDate> day = money > 0 ? Optional.of(LocalDate.ofInstant(now, ZoneOffset.UTC)) : Optional.empty();
        Verdict verdict = ledger.apply(run, now, day, entry -> {
            entry.configSha256 = active.sha256();
            if (entry.terminatedReason != null) {
                return terminated(entry.terminatedReason);
            }
            Verdict breach = check(entry, bounds, config, tool, fingerprint, money, now);
            if (breach != Verdict.PASS) {
                entry.terminatedReason = breach.bound;
                return breach;
            }
            entry.steps++;
            if (!"none".equals(tool.dependency())) {
                entry.toolCalls++;
            }
            entry.moneyAtRisk += money;
            entry.moneyToday += money;
            return Verdict.PASS;
        });
        if (verdict != Verdict.PASS) {
            refuse(run, tool, verdict);
        }
    }

    /**
     * A run ended (its process instance completed, failed or was cancelled): {@code run_steps{workflow}} records how
     * many steps it took (a histogram, for the p95 of runs), {@code run_ended_total{workflow,termination_reason}} how
     * it ended ({@code completed} unless a bound or loop terminated it).
     */
    public void runEnded(RunContext run) {
        Optional<RunEntry> entry = ledger.find(run);
        long steps = entry.map(RunEntry::steps).orElse(0L);
        String reason = entry.map(RunEntry::terminatedReason).orElse(null);
        DistributionSummary.builder("run_steps")
                .description("steps (tool calls through the kernel) per ended run")
                .tag("workflow", run.workflow())
                .publishPercentileHistogram()
                .register(meters)
                .record(steps);
        meters.counter(
                        "run_ended_total",
                        "workflow",
                        run.workflow(),
                        "termination_reason",
                        reason == null ? "completed" : reason)
                .increment();
    }

    /** Adds what a completed call consumed, and remembers the call for loop detection. */
    public void recordCompleted(RunContext run, String fingerprint, long tokens, ActiveConfig active) {
        BusinessConfig.Bounds bounds = active.config().boundsFor(run.workflow());
        String breached = ledger.apply(run, clock.instant(), Optional.empty(), entry -> {
            entry.tokens += tokens;
            entry.remember(fingerprint);
            if (entry.terminatedReason == null && entry.tokens > bounds.maxTokens()) {
                entry.terminatedReason = "max_tokens";
                return "max_tokens";
            }
            return null;
        });
        if (breached != null) {
            meters.counter("bound_violation_total", "bound", breached).increment();
            log.warn(
                    "run {} of tenant {} used more than max_tokens ({}); it is terminated",
                    run.runId(),
                    run.tenant(),
                    bounds.maxTokens());
        }
    }

    /**
     * A completed call the loop detector should not have remembered: its job was rolled back and the engine runs the
     * job again, which repeats the call. Without this, a job that is run again and again (its later call refused by an
     * open circuit breaker) would repeat its earlier read until the repeats look like a loop. What the call cost (its
     * step, its tool call, its tokens) stays charged: it was made. One remembered occurrence, the latest, is forgotten.
     */
    public void forgetForLoops(RunContext run, String fingerprint) {
        ledger.apply(run, clock.instant(), Optional.empty(), entry -> {
            entry.forget(fingerprint);
            return null;
        });
    }

    private Verdict check(
            RunEntry entry,
            BusinessConfig.Bounds bounds,
            BusinessConfig config,
            ToolContract tool,
            String fingerprint,
            long money,
            Instant now) {
        Duration elapsed = Duration.between(entry.startedAt, now);
        if (elapsed.compareTo(bounds.maxTime()) > 0) {
            return bound("max_time", "the run started " + elapsed + " ago; max_time is " + bounds.maxTime());
        }
        if (entry.steps + 1 > bounds.maxSteps()) {
            return bound("max_steps", "the run took its " + bounds.maxSteps() + " steps");
        }
        if (!"none".equals(tool.dependency()) && entry.toolCalls + 1 > bounds.maxToolCalls()) {
            return bound("max_tool_calls", "the run made its " + bounds.maxToolCalls() + " tool calls");
        }
        if (entry.tokens >= bounds.maxTokens()) {
            return bound("max_tokens", "the run used " + entry.tokens + " of " + bounds.maxTokens() + " tokens");
        }
        Optional<LoopDetector.Loop> loop =
                loops.check(entry.recentCalls, fingerprint, tool.id(), config.loops(), Fingerprints::toolOf);
        if (loop.isPresent()) {
            return new Verdict(
                    "loop_" + loop.get().kind(),
                    ErrorCode.LOOP_DETECTED,
                    loop.get().description());
        }
        if (money > 0 && entry.moneyAtRisk + money > bounds.maxMoneyAtRisk()) {
            return bound(
                    "max_money_at_risk",
                    "the run would put " + (entry.moneyAtRisk + money) + " at risk; max_money_at_risk is "
                            + bounds.maxMoneyAtRisk());
        }
        long perDay = config.budgets().maxMoneyAtRiskPerDay();
        if (money > 0 && entry.moneyToday + money > perDay) {
            return bound(
                    "max_money_at_risk_per_day",
                    "the store would put " + (entry.moneyToday + money) + " at risk today; its daily budget is "
                            + perDay);
        }
        return Verdict.PASS;
    }

    private static Verdict bound(String bound, String message) {
        return new Verdict(bound, ErrorCode.BOUND_EXCEEDED, message);
    }

    private static Verdict terminated(String reason) {
        ErrorCode code = reason.startsWith("loop_") ? ErrorCode.LOOP_DETECTED : ErrorCode.BOUND_EXCEEDED;
        return new Verdict(reason, code, "the run was terminated earlier: " + reason);
    }

    private void refuse(RunContext run, ToolContract tool, Verdict verdict) {
        if (verdict.code == ErrorCode.LOOP_DETECTED) {
            meters.counter("loop_detection_total", "workflow", run.workflow(), "kind", verdict.bound)
                    .increment();
        } else {
            meters.counter("bound_violation_total", "bound", verdict.bound).increment();
        }
        log.warn(
                "run terminated: tenant={} run={} workflow={} tool={} termination_reason={}",
                run.tenant(),
                run.runId(),
                run.workflow(),
                tool.id(),
                verdict.bound);
        Map<String, Object> details = verdict.code == ErrorCode.BOUND_EXCEEDED
                ? Map.of("bound", verdict.bound, "terminationReason", verdict.bound)
                : Map.of("terminationReason", verdict.bound);
        throw KernelError.of(verdict.code, verdict.message, details);
    }

    /** The amount a FINANCIAL call moves, from its contract's money field; the schema guarantees it is there. */
    private static long moneyOf(ToolContract tool, JsonNode input) {
        if (tool.sideEffect() != SideEffect.FINANCIAL || tool.money().isEmpty()) {
            return 0;
        }
        JsonNode amount = input.get(tool.money().get());
        if (amount == null || !amount.canConvertToLong() || amount.asLong() < 0) {
            throw KernelError.of(
                    ErrorCode.SCHEMA_INVALID,
                    tool.id() + " needs a non-negative whole amount in '"
                            + tool.money().get() + "'",
                    Map.of());
        }
        return amount.asLong();
    }
}
