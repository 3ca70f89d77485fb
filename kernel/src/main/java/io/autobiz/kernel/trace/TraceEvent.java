package io.autobiz.kernel.trace;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.RunContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a run's transcript.
 *
 * @param run whose transcript it belongs to
 * @param kind what happened: a tool call, a refusal, a step
 * @param tool the tool as called ({@code name} or {@code name@version}), or empty for non-tool events
 * @param outcome how it ended
 * @param errorCode the kernel error code when it did not succeed, else empty
 * @param detail a small JSON document safe to persist (no secrets, no personal data)
 * @param duration how long it took
 * @param at when it happened, from the kernel's clock
 * @param configSha256 the hash of the store's BusinessConfig the call ran under, when it got that far
 * @param evidence redacted input and output, cost, state version and receipt of a tool call; {@link StepEvidence#NONE}
 *     for refusals
 */
@KernelApi
public record TraceEvent(
        RunContext run,
        Kind kind,
        String tool,
        Outcome outcome,
        String errorCode,
        String detail,
        Duration duration,
        Instant at,
        String configSha256,
        StepEvidence evidence) {

    public enum Kind {
        TOOL_CALL,
        REFUSAL
    }

    public enum Outcome {
        OK,
        REFUSED,
        FAILED
    }

    public TraceEvent {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(at, "at");
        tool = tool == null ? "" : tool;
        errorCode = errorCode == null ? "" : errorCode;
        detail = detail == null ? "{}" : detail;
        evidence = evidence == null ? StepEvidence.NONE : evidence;
    }

    public TraceEvent(
            RunContext run,
            Kind kind,
            String tool,
            Outcome outcome,
            String errorCode,
            String detail,
            Duration duration,
            Instant at,
            String configSha256) {
        this(run, kind, tool, outcome, errorCode, detail, duration, at, configSha256, StepEvidence.NONE);
    }

    public TraceEvent(
            RunContext run,
            Kind kind,
            String tool,
            Outcome outcome,
            String errorCode,
            String detail,
            Duration duration,
            Instant at) {
        this(run, kind, tool, outcome, errorCode, detail, duration, at, null, StepEvidence.NONE);
    }
}
