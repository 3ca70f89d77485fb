package io.autobiz.businessconfig;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The engine REST API's deployment endpoints closed in favour of the gated admin API. */
@Configuration(proxyBeanMethods = false)
class BusinessConfigWebConfiguration {

    /** After Camunda's REST authentication (order +10): a caller without credentials still gets 401. */
    @Bean
    FilterRegistrationBean<EngineDeploymentGuard> engineDeploymentGuard() {
        FilterRegistrationBean<EngineDeploymentGuard> registration =
                new FilterRegistrationBean<>(new EngineDeploymentGuard());
        registration.setName("engine-deployment-guard");
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 18);
        return registration;
    }
}
