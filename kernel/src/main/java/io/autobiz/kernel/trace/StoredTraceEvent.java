package io.autobiz.kernel.trace;

import java.time.Instant;

/** A transcript line as read back from storage. */
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
        String configSha256) {}
