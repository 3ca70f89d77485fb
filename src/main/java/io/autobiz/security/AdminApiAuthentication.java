package io.autobiz.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /admin/**}, AutoBiz's own operator API: HTTP Basic against the engine's identity service, and only
 * members of {@code camunda-admin} pass. No credentials or wrong ones: 401; a valid user who is not an administrator:
 * 403. The authenticated administrator is available to handlers as {@link #ADMIN_ATTRIBUTE}, so audit records name
 * the person, never a value from the request body.
 */
public class AdminApiAuthentication extends OncePerRequestFilter {

    public static final String ADMIN_ATTRIBUTE = "io.autobiz.admin";
    private static final Logger log = LoggerFactory.getLogger(AdminApiAuthentication.class);

    private final IdentityService identity;

    public AdminApiAuthentication(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String[] credentials = basicCredentials(request.getHeader("Authorization"));
        if (credentials == null || !identity.checkPassword(credentials[0], credentials[1])) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"autobiz-admin\"");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHENTICATED", "log in as an administrator");
            return;
        }
        String user = credentials[0];
        if (identity.createUserQuery()
                        .userId(user)
                        .memberOfGroup(Groups.CAMUNDA_ADMIN)
                        .count()
                == 0) {
            log.warn(
                    "admin API refused to non-administrator {} for {} {}",
                    user,
                    request.getMethod(),
                    request.getRequestURI());
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN", "administrators only");
            return;
        }
        request.setAttribute(ADMIN_ATTRIBUTE, user);
        chain.doFilter(request, response);
    }

    /** The user and password of an HTTP Basic header, or null when there is none or it is malformed. */
    static String[] basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static void refuse(HttpServletResponse response, int status, String error, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }
}
