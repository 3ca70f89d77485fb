package io.autobiz.tenancy;

import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Security incidents, the kernel's cross-tenant input guard and the engine's tenant guard. */
@Configuration(proxyBeanMethods = false)
public class TenancyConfiguration {

    /**
     * Incidents are written on the pool directly, each in its own transaction, and through a TenantJdbc that does not
     * report to itself.
     */
    @Bean
    SecurityIncidents securityIncidents(DataSource dataSource, MeterRegistry meters, Clock clock) {
        return SecurityIncidents.onDatabase(new TenantJdbc(dataSource), meters, clock);
    }

    /**
     * After Camunda's REST authentication ({@code EngineConfiguration}, order +10), so the caller is known; before the
     * webapp's own filters, which read the caller from the session the same way.
     */
    @Bean
    FilterRegistrationBean<EngineTenantGuard> engineTenantGuard(
            ProcessEngine engine, SecurityIncidents incidents, CamundaBpmProperties camunda) {
        String webappPath = camunda.getWebapp().getApplicationPath();
        FilterRegistrationBean<EngineTenantGuard> registration =
                new FilterRegistrationBean<>(new EngineTenantGuard(engine, incidents, webappPath));
        registration.setName("engine-tenant-guard");
        registration.addUrlPatterns("/engine-rest/*", webappPath + "/api/engine/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }
}
