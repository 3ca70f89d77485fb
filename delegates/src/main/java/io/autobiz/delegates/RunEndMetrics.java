package io.autobiz.delegates;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.bounds.BoundsEnforcer;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the kernel when a run ends, for every process: a parse listener adds an end listener to each process
 * definition, so no diagram has to remember to. Metrics only: a failure here is logged, never fails the instance.
 */
public final class RunEndMetrics extends AbstractBpmnParseListener {

    private static final Logger log = LoggerFactory.getLogger(RunEndMetrics.class);

    private final ExecutionListener onEnd;

    public RunEndMetrics(BoundsEnforcer bounds) {
        Objects.requireNonNull(bounds);
        this.onEnd = execution -> ended(bounds, execution);
    }

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        processDefinition.addListener(ExecutionListener.EVENTNAME_END, onEnd);
    }

    private static void ended(BoundsEnforcer bounds, DelegateExecution execution) {
        String tenant = execution.getTenantId();
        if (tenant == null || !TenantId.isValid(tenant)) {
            return;
        }
        String workflow = execution.getProcessDefinitionId();
        workflow = workflow.contains(":") ? workflow.substring(0, workflow.indexOf(':')) : workflow;
        String run = execution.getProcessInstanceId();
        try {
            bounds.runEnded(new RunContext(TenantId.of(tenant), run, run, "engine", workflow));
        } catch (RuntimeException e) {
            log.warn("metrics of ended run {} of {} not recorded: {}", run, tenant, e.getMessage());
        }
    }
}
