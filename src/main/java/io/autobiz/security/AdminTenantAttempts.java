package io.autobiz.security;

import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps {@link AdminApiAuthentication}: when a logged-in user who is not an administrator is refused (403) a resource
 * under {@code /admin/tenants/{tenant}/...} of a store they are not a member of, e.g. another store's credentials, the
 * attempt is recorded as a security incident. The refusal itself stays the admin filter's; this only writes it down.
 */
final class AdminTenantAttempts extends OncePerRequestFilter {

    private static final Pattern TENANT_RESOURCE = Pattern.compile("^/admin/tenants/([^/]+)(/([^/]+).*)?$");

    private final IdentityService identity;
    private final SecurityIncidents incidents;

    AdminTenantAttempts(IdentityService identity, SecurityIncidents incidents) {
        this.identity = identity;
        this.incidents = incidents;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (response.getStatus() != HttpServletResponse.SC_FORBIDDEN) {
            return;
        }
        Matcher resource = TENANT_RESOURCE.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        String[] credentials = AdminApiAuthentication.basicCredentials(request.getHeader("Authorization"));
        if (!resource.matches() || credentials == null || !TenantId.isValid(resource.group(1))) {
            return;
        }
        // 403 means the admin filter checked the password and found a user who is not an administrator.
        String user = credentials[0];
        TenantId target = TenantId.of(resource.group(1));
        List<String> memberOf =
                identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream()
                        .map(Tenant::getId)
                        .filter(TenantId::isValid)
                        .sorted()
                        .toList();
        if (memberOf.contains(target.value())) {
            return;
        }
        boolean credentialsAsked = "credentials".equals(resource.group(3));
        incidents.record(SecurityIncident.of(
                        memberOf.isEmpty() ? target : TenantId.of(memberOf.get(0)),
                        "user:" + user,
                        credentialsAsked ? SecurityIncident.Channel.CREDENTIAL : SecurityIncident.Channel.ADMIN_API,
                        request.getMethod() + " " + (credentialsAsked ? "credentials" : "admin resource") + " of store "
                                + target + " by a non-administrator")
                .reaching(target));
    }
}
