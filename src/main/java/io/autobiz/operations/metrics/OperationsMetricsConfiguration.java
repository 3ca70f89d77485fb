package io.autobiz.operations.metrics;

import io.autobiz.gate.DeployOverrides;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The operator metrics of this package (issue 17). The engine services are lazy: the engine is built after them. */
@Configuration(proxyBeanMethods = false)
public class OperationsMetricsConfiguration {

    /** A plugin of its own, so no diagram and no other engine setting has to know about outcome metrics. */
    @Bean
    ProcessEnginePlugin workflowOutcomesPlugin(Traces traces, MeterRegistry meters) {
        WorkflowOutcomes outcomes = new WorkflowOutcomes(EndEventOutcomes.shipped(), traces, meters);
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                if (configuration.getCustomPostBPMNParseListeners() == null) {
                    configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
                }
                configuration.getCustomPostBPMNParseListeners().add(outcomes);
            }
        };
    }

    @Bean
    OperationsGauges operationsGauges(
            @Lazy TaskService tasks,
            @Lazy RuntimeService runtime,
            @Lazy IdentityService identity,
            @Lazy RepositoryService repository,
            TenantJdbc jdbc,
            Clock clock,
            MeterRegistry meters) {
        InvariantViolations.register(meters);
        return new OperationsGauges(tasks, runtime, identity, repository, jdbc, clock, meters);
    }

    @Bean
    DeployedWorkflows deployedWorkflows(
            @Lazy RepositoryService repository, DeployOverrides overrides, MeterRegistry meters) {
        return new DeployedWorkflows(repository, overrides, meters);
    }
}
