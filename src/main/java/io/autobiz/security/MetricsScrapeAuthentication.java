package io.autobiz.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the actuator (metrics, Prometheus, info, anything exposed later) with HTTP Basic for the configured scrape
 * login ({@link MetricsProperties}); only health and its probes stay open, for load balancers and orchestrators. The
 * metrics name stores, secrets, tools and refusal counts: what a stranger should not be able to map. Deny by default:
 * with no scrape password configured, every guarded endpoint answers 401.
 *
 * <p>Matches the decoded, normalised path the servlet container maps, so an encoded or dotted variant of a health
 * path cannot slip past the check to another endpoint.
 */
final class MetricsScrapeAuthentication extends OncePerRequestFilter {

    private final MetricsProperties metrics;
    private final String basePath;

    MetricsScrapeAuthentication(MetricsProperties metrics, String basePath) {
        this.metrics = metrics;
        this.basePath = basePath;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
        if (isHealth(path) || authenticated(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"autobiz-metrics\"");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/json");
        response.getWriter()
                .write("{\"error\":\"UNAUTHENTICATED\",\"message\":\"log in as the metrics scrape user"
                        + " (autobiz.metrics.scrape-user)\"}");
    }

    private boolean isHealth(String path) {
        String health = basePath + "/health";
        return path.equals(health) || path.startsWith(health + "/");
    }

    private boolean authenticated(String header) {
        String[] credentials = AdminApiAuthentication.basicCredentials(header);
        if (credentials == null || !metrics.scrapeConfigured()) {
            return false;
        }
        // Both compared in constant time, and both always: neither comparison may tell how much of a guess was right.
        boolean user = same(credentials[0], metrics.scrapeUser());
        boolean password = same(credentials[1], metrics.scrapePassword());
        return user & password;
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
