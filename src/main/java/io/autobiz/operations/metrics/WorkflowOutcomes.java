package io.autobiz.operations.metrics;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code workflow_completion_total{tenant,workflow,outcome}} and {@code run_cost_micros{tenant,workflow}} for every
 * process, without touching a diagram: this parse listener marks the run with each end event it reaches (a transient
 * variable, never stored) and counts the run when the process instance ends, with the outcome of the last end event
 * reached ({@link EndEventOutcomes}). An instance removed before any end event counts as {@code failed}. Metrics
 * only: a failure here is logged, never fails the instance.
 */
public final class WorkflowOutcomes extends AbstractBpmnParseListener {

    private static final Logger log = LoggerFactory.getLogger(WorkflowOutcomes.class);

    /** Transient: lives for the command that ends the run, is never written to the engine's tables or history. */
    static final String END_EVENT_REACHED = "autobizEndEventReached";

    private final EndEventOutcomes outcomes;
    private final Traces traces;
    private final MeterRegistry meters;
    private final ExecutionListener onEndEvent = WorkflowOutcomes::reached;
    private final ExecutionListener onProcessEnd = this::ended;

    public WorkflowOutcomes(EndEventOutcomes outcomes, Traces traces, MeterRegistry meters) {
        this.outcomes = Objects.requireNonNull(outcomes);
        this.traces = Objects.requireNonNull(traces);
        this.meters = Objects.requireNonNull(meters);
    }

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        processDefinition.addListener(ExecutionListener.EVENTNAME_END, onProcessEnd);
    }

    @Override
    public void parseEndEvent(Element endEventElement, ScopeImpl scope, ActivityImpl activity) {
        activity.addListener(ExecutionListener.EVENTNAME_START, onEndEvent);
    }

    private static void reached(DelegateExecution execution) {
        execution
                .getProcessInstance()
                .setVariableLocal(END_EVENT_REACHED, Variables.stringValue(execution.getCurrentActivityId(), true));
    }

    private void ended(DelegateExecution execution) {
        String tenant = execution.getTenantId();
        if (tenant == null || !TenantId.isValid(tenant)) {
            return;
        }
        String workflow = processKey(execution.getProcessDefinitionId());
        try {
            Object endEvent = execution.getVariableLocal(END_EVENT_REACHED);
            // A terminate end event cancels the rest of the instance too: the end event reached decides first.
            WorkflowOutcome outcome =
                    endEvent == null ? WorkflowOutcome.FAILED : outcomes.of(workflow, endEvent.toString());
            meters.counter(
                            "workflow_completion_total",
                            "tenant",
                            tenant,
                            "workflow",
                            workflow,
                            "outcome",
                            outcome.label())
                    .increment();
            DistributionSummary.builder("run_cost_micros")
                    .description("what one run cost, in micro-dollars: the sum over its transcript")
                    .baseUnit("micros")
                    .tag("tenant", tenant)
                    .tag("workflow", workflow)
                    .register(meters)
                    .record(traces.runCostMicros(TenantId.of(tenant), execution.getProcessInstanceId()));
        } catch (RuntimeException e) {
            log.warn(
                    "outcome metrics of ended run {} of {} not recorded: {}",
                    execution.getProcessInstanceId(),
                    tenant,
                    e.getMessage());
        }
    }

    static String processKey(String processDefinitionId) {
        int colon = processDefinitionId.indexOf(':');
        return colon < 0 ? processDefinitionId : processDefinitionId.substring(0, colon);
    }
}
