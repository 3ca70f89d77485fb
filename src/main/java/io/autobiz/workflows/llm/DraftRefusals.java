package io.autobiz.workflows.llm;

import io.autobiz.delegates.ComposedReplyDelegate;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Counts and traces a refused LLM draft: {@code llm_draft_refused_total{workflow,reason}} and a {@code REFUSAL} line
 * in the run's transcript (tool {@code llm.draft}, written in its own transaction like the kernel's refusals). The
 * trace line holds the reason only: the draft and findings may quote personal data, so they go to the person's task,
 * not to the transcript.
 */
public class DraftRefusals {

    static final String METRIC = "llm_draft_refused";
    static final String TRACE_TOOL = "llm.draft";

    private final Traces traces;
    private final MeterRegistry meters;
    private final Clock clock;

    public DraftRefusals(Traces traces, MeterRegistry meters, Clock clock) {
        this.traces = traces;
        this.meters = meters;
        this.clock = clock;
    }

    public void refused(DelegateExecution execution, String workflow, String reason) {
        meters.counter(METRIC, "workflow", workflow, "reason", reason).increment();
        String tenant = execution.getTenantId();
        if (tenant == null || !TenantId.isValid(tenant)) {
            return; // a run without a tenant has no transcript; the counter still moved
        }
        RunContext run = new RunContext(
                TenantId.of(tenant),
                execution.getProcessInstanceId(),
                ComposedReplyDelegate.correlationOf(execution),
                "workflow:" + workflow,
                workflow);
        traces.appendDetached(new TraceEvent(
                run,
                TraceEvent.Kind.REFUSAL,
                TRACE_TOOL,
                TraceEvent.Outcome.REFUSED,
                ComposedReplyDelegate.UNGROUNDED,
                Json.object().put("reason", reason).toString(),
                Duration.ZERO,
                clock.instant()));
    }
}
