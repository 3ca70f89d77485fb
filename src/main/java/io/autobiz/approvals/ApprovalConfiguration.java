package io.autobiz.approvals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.delegates.ApprovalCheckDelegate;
import io.autobiz.delegates.ApprovalNotifier;
import io.autobiz.delegates.ApprovalRequestDelegate;
import io.autobiz.delegates.ApprovalTaskListener;
import io.autobiz.delegates.CurrentApprover;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.hitl.ApproverDirectory;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tool.ToolRef;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the approval delegates onto the kernel's {@link Approvals}; scheduling runs the backlog gauges. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ApprovalProperties.class)
public class ApprovalConfiguration {

    /** Lazy: the identity service comes from the engine, which itself needs the kernel's beans. */
    @Bean
    ApproverDirectory approverDirectory(@Lazy IdentityService identityService) {
        return new CurrentApprover(identityService);
    }

    /** Slack for the stores that configure a channel (autobiz.approvals.slack), nothing for the others. */
    @Bean
    ApprovalNotifier approvalNotifier(ApprovalProperties properties, SlackPoster slackPoster, MeterRegistry meters) {
        return new SlackApprovalNotifier(properties, slackPoster, meters);
    }

    /** Posts through the kernel like any side effect: {@code slack.message.post}, under the principal of approvals. */
    @Bean
    SlackPoster slackPoster(ObjectProvider<KernelExecutor> kernel) {
        return (tenant, runId, channel, message) -> {
            ObjectNode input = message.deepCopy();
            input.put("channel", channel);
            kernel.getObject()
                    .execute(
                            new RunContext(tenant, runId, runId, "system:approvals", "approvals"),
                            new ToolCall(ToolRef.parse("slack.message.post"), input));
        };
    }

    @Bean
    SlackApprovalInteractions slackApprovalInteractions(
            ApprovalProperties properties,
            Approvals approvals,
            @Lazy TaskService tasks,
            @Lazy IdentityService identity,
            SecurityIncidents incidents,
            MeterRegistry meters) {
        return new SlackApprovalInteractions(properties, approvals, tasks, identity, incidents, meters);
    }

    /** {@code ${approvalRequest}}: prototype, because the engine injects the task's fields into the instance. */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    ApprovalRequestDelegate approvalRequest(Approvals approvals, Clock clock) {
        return new ApprovalRequestDelegate(approvals, clock::instant);
    }

    /** {@code ${approvalCheck}}: prototype for the same reason. */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    ApprovalCheckDelegate approvalCheck(Approvals approvals) {
        return new ApprovalCheckDelegate(approvals);
    }

    /**
     * Refuses anything but a decision and a comment on an approval task, over {@code /engine-rest} and Tasklist's API;
     * after the tenant guard (order +15), so another store's task is a 404 first.
     */
    @Bean
    FilterRegistrationBean<ApprovalTaskGuard> approvalTaskGuard(
            @Lazy ProcessEngine engine, Approvals approvals, MeterRegistry meters, CamundaBpmProperties camunda) {
        String webappPath = camunda.getWebapp().getApplicationPath();
        FilterRegistrationBean<ApprovalTaskGuard> registration =
                new FilterRegistrationBean<>(new ApprovalTaskGuard(engine, approvals, meters, webappPath));
        registration.setName("approval-task-guard");
        registration.addUrlPatterns("/engine-rest/*", webappPath + "/api/engine/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 16);
        return registration;
    }

    @Bean
    ApprovalTaskListener approvalTask(Approvals approvals, ApprovalNotifier notifier) {
        return new ApprovalTaskListener(approvals, notifier);
    }
}
