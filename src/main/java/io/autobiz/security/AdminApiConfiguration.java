package io.autobiz.security;

import io.autobiz.kernel.tenant.SecurityIncidents;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class AdminApiConfiguration {

    @Bean
    FilterRegistrationBean<AdminApiAuthentication> adminApiAuthentication(IdentityService identity) {
        FilterRegistrationBean<AdminApiAuthentication> registration =
                new FilterRegistrationBean<>(new AdminApiAuthentication(identity));
        registration.setName("admin-api-authentication");
        registration.addUrlPatterns("/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** Just outside the admin filter, so it sees that filter's 403 and records cross-store attempts. */
    @Bean
    FilterRegistrationBean<AdminTenantAttempts> adminTenantAttempts(
            IdentityService identity, SecurityIncidents incidents) {
        FilterRegistrationBean<AdminTenantAttempts> registration =
                new FilterRegistrationBean<>(new AdminTenantAttempts(identity, incidents));
        registration.setName("admin-tenant-attempts");
        registration.addUrlPatterns("/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 19);
        return registration;
    }
}
