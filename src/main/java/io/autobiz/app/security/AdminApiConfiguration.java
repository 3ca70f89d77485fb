package io.autobiz.app.security;

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
}
