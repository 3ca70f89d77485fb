package io.autobiz.app.approvals;

import io.autobiz.delegates.ApprovalNotifier;
import io.autobiz.delegates.ApprovalRequestDelegate;
import io.autobiz.delegates.ApprovalTaskListener;
import io.autobiz.delegates.CurrentApprover;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.hitl.ApproverDirectory;
import java.time.Clock;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the approval delegates onto the kernel's {@link Approvals}; scheduling runs the backlog gauges. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ApprovalConfiguration {

    /** Lazy: the identity service comes from the engine, which itself needs the kernel's beans. */
    @Bean
    ApproverDirectory approverDirectory(@Lazy IdentityService identityService) {
        return new CurrentApprover(identityService);
    }

    @Bean
    @ConditionalOnMissingBean
    ApprovalNotifier approvalNotifier() {
        return ApprovalNotifier.NONE;
    }

    /** {@code ${approvalRequest}}: prototype, because the engine injects the task's fields into the instance. */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    ApprovalRequestDelegate approvalRequest(Approvals approvals, Clock clock) {
        return new ApprovalRequestDelegate(approvals, clock::instant);
    }

    @Bean
    ApprovalTaskListener approvalTask(Approvals approvals, ApprovalNotifier notifier) {
        return new ApprovalTaskListener(approvals, notifier);
    }
}
