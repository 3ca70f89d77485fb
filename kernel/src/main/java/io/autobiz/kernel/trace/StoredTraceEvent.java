package io.autobiz.kernel.trace;

import io.autobiz.kernel.KernelApi;
import java.time.Instant;

/** A transcript line as read back from storage, with the evidence of a tool call ({@link StepEvidence}). */
@KernelApi
public record StoredTraceEvent(
        long id,
        String tenantId,
        String runId,
        String correlationId,
        String workflow,
        String principal,
        TraceEvent.Kind kind,
        String tool,
        TraceEvent.Outcome outcome,
        String errorCode,
        String detail,
        long durationMicros,
        Instant createdAt,
        String configSha256,
        StepEvidence evidence) {

    /** The same line without the evidence columns (for callers that only need the outcome). */
    public StoredTraceEvent(
            long id,
            String tenantId,
            String runId,
            String correlationId,
            String workflow,
            String principal,
            TraceEvent.Kind kind,
            String tool,
            TraceEvent.Outcome outcome,
            String errorCode,
            String detail,
            long durationMicros,
            Instant createdAt,
            String configSha256) {
        this(
                id,
                tenantId,
                runId,
                correlationId,
                workflow,
                principal,
                kind,
                tool,
                outcome,
                errorCode,
                detail,
                durationMicros,
                createdAt,
                configSha256,
                StepEvidence.NONE);
    }
}
