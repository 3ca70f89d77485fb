package io.autobiz.workflows.starts;

import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.security.SignedInUsers;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;

/** Wires the start declarations and their check in front of the REST API. */
@Configuration(proxyBeanMethods = false)
class StartCheckConfiguration {

    @Bean
    StartDeclarations startDeclarations() {
        return StartDeclarations.load();
    }

    @Bean
    StartCheck startCheck(BusinessConfigs configs, Approvals approvals) {
        return new StartCheck(configs, approvals);
    }

    /**
     * After Camunda's REST authentication (order +10) and the tenant and approval guards (+15, +16), so that an
     * unauthenticated caller gets 401, not a description of the start variables.
     */
    @Bean
    FilterRegistrationBean<RestStartGuard> restStartGuard(
            StartDeclarations declarations,
            StartCheck check,
            @Lazy RepositoryService repository,
            @Lazy SignedInUsers users,
            SecurityIncidents incidents) {
        FilterRegistrationBean<RestStartGuard> registration =
                new FilterRegistrationBean<>(new RestStartGuard(declarations, check, repository, users, incidents));
        registration.setName("rest-start-guard");
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 17);
        return registration;
    }
}
