package io.autobiz.security;

import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** The start-up's profile rules, the closed first-administrator setup and the metrics scrape login. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

    /** Static, as a bean factory post-processor must be: it runs before the other beans of this class exist. */
    @Bean
    static ProfileRules profileRules(Environment environment) {
        return new ProfileRules(environment);
    }

    /** First of all filters: nothing behind it, Camunda's own webapp filters included, may see a setup request. */
    @Bean
    FilterRegistrationBean<FirstAdministratorSetupClosed> firstAdministratorSetupClosed(CamundaBpmProperties camunda) {
        String webappPath = camunda.getWebapp().getApplicationPath();
        FilterRegistrationBean<FirstAdministratorSetupClosed> registration =
                new FilterRegistrationBean<>(new FirstAdministratorSetupClosed(webappPath));
        registration.setName("first-administrator-setup-closed");
        registration.addUrlPatterns(webappPath + "/api/admin/*", webappPath + "/app/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * The actuator on the application's port. A separate {@code management.server.port} would run outside this
     * filter: keep such a port off every network but the scraper's.
     */
    @Bean
    FilterRegistrationBean<MetricsScrapeAuthentication> metricsScrapeAuthentication(
            MetricsProperties metrics, WebEndpointProperties endpoints) {
        if (!metrics.scrapeConfigured()) {
            log.warn(
                    "metrics are closed to everyone: set AUTOBIZ_METRICS_SCRAPE_PASSWORD (and optionally"
                            + " AUTOBIZ_METRICS_SCRAPE_USER, default prometheus) to let Prometheus scrape /actuator/prometheus");
        }
        String basePath = endpoints.getBasePath();
        if (basePath.isEmpty()) {
            // Endpoints at the root would have this filter guard every path of the application.
            throw new IllegalStateException("management.endpoints.web.base-path must not be the root; keep /actuator");
        }
        FilterRegistrationBean<MetricsScrapeAuthentication> registration =
                new FilterRegistrationBean<>(new MetricsScrapeAuthentication(metrics, basePath));
        registration.setName("metrics-scrape-authentication");
        registration.addUrlPatterns(basePath, basePath + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
