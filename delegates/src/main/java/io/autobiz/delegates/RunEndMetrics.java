package io.autobiz.delegates;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;
import java.util.function.Consumer;
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

    /** @param runEnded the kernel's {@code KernelExecutor::runEnded} */
    public RunEndMetrics(Consumer<RunContext> runEnded) {
        Objects.requireNonNull(runEnded);
        this.onEnd = execution -> ended(runEnded, execution);
    }

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        processDefinition.addListener(ExecutionListener.EVENTNAME_END, onEnd);
    }

    private static void ended(Consumer<RunContext> runEnded, DelegateExecution execution) {
        String tenant = execution.getTenantId();
        if (tenant == null || !TenantId.isValid(tenant)) {
            return;
        }
        String workflow = execution.getProcessDefinitionId();
        workflow = workflow.contains(":") ? workflow.substring(0, workflow.indexOf(':')) : workflow;
        String run = execution.getProcessInstanceId();
        try {
            runEnded.accept(new RunContext(TenantId.of(tenant), run, run, "engine", workflow));
        } catch (RuntimeException e) {
            log.warn("metrics of ended run {} of {} not recorded: {}", run, tenant, e.getMessage());
        }
    }
}
