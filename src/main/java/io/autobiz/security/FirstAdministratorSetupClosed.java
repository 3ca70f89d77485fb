package io.autobiz.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closes Camunda Admin's first-administrator setup in every profile: its page ({@code <webapp>/app/admin/<engine>/setup/})
 * and its one REST call ({@code POST <webapp>/api/admin/setup/<engine>/user/create}) answer 403. Camunda's
 * {@code SetupResource} lets anyone who reaches it create a member of {@code camunda-admin} whenever that group has no
 * user, and Camunda 7.24 has no setting to turn it off; here the first administrator always comes from configuration
 * ({@code camunda.bpm.admin-user} in the quick start, {@code AUTOBIZ_ADMIN_USER} elsewhere, see {@link ProfileRules}).
 *
 * <p>Matches the decoded, normalised path the servlet container maps, so an encoded or dotted variant of the URL cannot
 * reach Camunda's resource without passing here.
 */
final class FirstAdministratorSetupClosed extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FirstAdministratorSetupClosed.class);

    private final Pattern setup;

    FirstAdministratorSetupClosed(String webappPath) {
        this.setup =
                Pattern.compile("^" + Pattern.quote(webappPath) + "/(api/admin/setup/.*|app/admin/[^/]+/setup(/.*)?)$");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
        if (!setup.matcher(path).matches()) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("Camunda's first-administrator setup refused: {} {}", request.getMethod(), path);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.getWriter()
                .write("{\"error\":\"FORBIDDEN\",\"message\":\"first-administrator setup is closed: the administrator"
                        + " comes from AUTOBIZ_ADMIN_USER and AUTOBIZ_ADMIN_PASSWORD\"}");
    }
}
