package io.autobiz.businessconfig;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closes the engine REST API's ways around the deploy gate (INV-08): {@code POST /engine-rest/deployment/create} and
 * {@code .../deployment/{id}/redeploy} are refused for everyone, administrators included, with 403 in the REST API's
 * own error form naming the gated way, {@code POST /admin/workflows/deployments}. Reading deployments stays open as
 * the engine's authorizations allow.
 */
final class EngineDeploymentGuard extends OncePerRequestFilter {

    private static final Pattern DEPLOY =
            Pattern.compile("^/engine-rest(?:/engine/[^/]+)?/deployment/(?:create|[^/]+/redeploy)/?$");
    private static final Logger log = LoggerFactory.getLogger(EngineDeploymentGuard.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!"POST".equals(request.getMethod()) || !DEPLOY.matcher(path).matches()) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("refused a deployment through the engine REST API ({}): it bypasses the deploy gate", path);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.getWriter()
                .write("{\"type\":\"AuthorizationException\",\"message\":\"Deployments go through POST"
                        + " /admin/workflows/deployments, which checks the golden-suite deploy gate (INV-08);"
                        + " the engine REST API does not deploy.\"}");
    }
}
