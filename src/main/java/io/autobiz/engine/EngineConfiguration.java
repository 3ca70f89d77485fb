package io.autobiz.engine;

import io.autobiz.delegates.RefusalsFailFast;
import io.autobiz.delegates.RunEndMetrics;
import io.autobiz.delegates.TenantFromStartVariables;
import io.autobiz.kernel.KernelExecutor;
import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The engine's AutoBiz-specific settings: tenancy, failure semantics and an authenticated REST API. */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    /** The same format as {@link io.autobiz.kernel.tenant.TenantId}. */
    static final String TENANT_PATTERN = "[a-z0-9][a-z0-9-]{1,62}";

    /**
     * Every instance is stamped with its store; an unhandled BPMN error fails the job (an incident an operator sees)
     * instead of ending the instance quietly, because a refusal must never look like success; a refusal that
     * retrying cannot fix becomes that incident at once instead of using up the task's retries. The kernel is looked up
     * when a run ends, not when the engine is built: the kernel's config check reads the engine's deployments.
     */
    @Bean
    ProcessEnginePlugin autobizEnginePlugin(ObjectProvider<KernelExecutor> kernel) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setTenantIdProvider(new TenantFromStartVariables());
                configuration.setEnableExceptionsAfterUnhandledBpmnError(true);
                configuration.setTenantCheckEnabled(true);
                // Store IDs contain dashes ("demo-store"); the engine's default identifiers are alphanumeric only.
                configuration.setTenantResourceWhitelistPattern(TENANT_PATTERN);
                configuration.setGroupResourceWhitelistPattern(
                        "[a-zA-Z0-9]+|camunda-admin|" + TENANT_PATTERN + "-approvers");
                if (configuration.getCustomPostBPMNParseListeners() == null) {
                    configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
                }
                configuration
                        .getCustomPostBPMNParseListeners()
                        .add(new RunEndMetrics(run -> kernel.getObject().runEnded(run)));
            }

            /** After the starter installed its default; used when a job fails, so it must be the last word. */
            @Override
            public void postInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setFailedJobCommandFactory(new RefusalsFailFast());
            }
        };
    }

    /**
     * {@code /engine-rest} has no authentication of its own (Camunda 7 ships it open): HTTP Basic against the engine's
     * identity service, so REST callers are the same users, groups and tenants as in Tasklist.
     */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("engine-rest-authentication");
        registration.addUrlPatterns("/engine-rest/*");
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
