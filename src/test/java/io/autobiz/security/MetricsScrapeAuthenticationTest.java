package io.autobiz.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@Unit
class MetricsScrapeAuthenticationTest {

    private static int status(MetricsProperties metrics, String path, String basicAuth) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        if (basicAuth != null) {
            request.addHeader(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MetricsScrapeAuthentication(metrics, "/actuator").doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    @DisplayName("P1-TASK-02 attack: without a configured scrape password the metrics are closed to everyone, an empty"
            + " password included; health stays open")
    void noPasswordConfiguredClosesTheMetrics() throws Exception {
        MetricsProperties unset = new MetricsProperties(null, "");

        assertThat(status(unset, "/actuator/prometheus", "prometheus:")).isEqualTo(401);
        assertThat(status(unset, "/actuator/prometheus", null)).isEqualTo(401);
        assertThat(status(unset, "/actuator/env", null))
                .as("an endpoint exposed later is guarded too")
                .isEqualTo(401);
        assertThat(status(unset, "/actuator/health", null)).isEqualTo(200);
        assertThat(status(unset, "/actuator/health/readiness", null)).isEqualTo(200);
        assertThat(status(unset, "/actuator/healthz", null))
                .as("only health itself is open")
                .isEqualTo(401);
    }

    @Test
    @DisplayName("P1-TASK-02 the configured scrape login reads the metrics; a wrong user or password does not")
    void onlyTheScrapeLoginPasses() throws Exception {
        MetricsProperties metrics = new MetricsProperties("scraper", "test-only-scrape-password");

        assertThat(status(metrics, "/actuator/prometheus", "scraper:test-only-scrape-password"))
                .isEqualTo(200);
        assertThat(status(metrics, "/actuator/prometheus", "scraper:test-only-scrape-passwor"))
                .isEqualTo(401);
        assertThat(status(metrics, "/actuator/prometheus", "prometheus:test-only-scrape-password"))
                .isEqualTo(401);
        assertThat(new MetricsProperties(null, null).scrapeUser()).isEqualTo("prometheus");
        assertThat(metrics.toString()).doesNotContain("test-only-scrape-password");
    }
}
