package io.autobiz.tenancy;

import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in front of {@code /engine-rest} and Tasklist's engine API ({@code /camunda/api/engine}) for requests that
 * name one task or process instance: if it belongs to a store the authenticated user is not a member of, the request
 * is refused with 404 (as if it did not exist, which is also what the engine answers for a read) and recorded as a
 * security incident; otherwise it passes on.
 *
 * <p>The engine's tenant check already hides other stores' tasks from an approver's queries; this guard adds what the
 * engine does not: the attempt is written down and counted, and a write (complete, claim, variables) gets the same
 * answer as a read instead of an error that confirms the task exists. Administrators ({@code camunda-admin}) see every
 * store by design and pass.
 */
final class EngineTenantGuard extends OncePerRequestFilter {

    private final ProcessEngine engine;
    private final SecurityIncidents incidents;
    private final Pattern resource;

    EngineTenantGuard(ProcessEngine engine, SecurityIncidents incidents, String webappPath) {
        this.engine = engine;
        this.incidents = incidents;
        this.resource = Pattern.compile("^(/engine-rest(?:/engine/([^/]+))?|" + Pattern.quote(webappPath)
                + "/api/engine/engine/([^/]+))/(task|process-instance)/([^/]+)(/.*)?$");
    }

    /** Who is asking, as the engine sees them. */
    private record Caller(String userId, List<String> groupIds, List<String> tenantIds) {}

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher named = resource.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        if (named.matches()) {
            boolean webapp = !named.group(1).startsWith("/engine-rest");
            String engineName = webapp ? named.group(3) : named.group(2);
            Optional<Caller> caller = webapp ? fromSession(request, engineName) : fromRestAuthentication();
            String kind = named.group(4);
            String id = named.group(5);
            if (caller.isPresent() && !isAdministrator(caller.get())) {
                Optional<String> owner = ownerOf(kind, id);
                if (owner.isPresent() && !caller.get().tenantIds().contains(owner.get())) {
                    refuse(request, response, caller.get(), owner.get(), kind, id, named.group(6));
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            Caller caller,
            String owner,
            String kind,
            String id,
            String rest)
            throws IOException {
        TenantId target = TenantId.of(owner);
        TenantId actor = new TreeSet<>(caller.tenantIds())
                .stream()
                        .filter(TenantId::isValid)
                        .map(TenantId::of)
                        .findFirst()
                        .orElse(target);
        incidents.record(SecurityIncident.of(
                        actor,
                        "user:" + caller.userId(),
                        SecurityIncident.Channel.ENGINE,
                        request.getMethod() + " " + kind + " " + id + (rest == null ? "" : rest) + " via "
                                + (request.getRequestURI().contains("/engine-rest") ? "/engine-rest" : "Tasklist"))
                .reaching(target));
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json");
        String noun = kind.equals("task") ? "task" : "process instance";
        response.getWriter()
                .write("{\"type\":\"InvalidRequestException\",\"message\":\"No matching " + noun + " with id "
                        + id.replaceAll("[^A-Za-z0-9_-]", "") + "\"}");
    }

    /** Set by Camunda's {@code ProcessEngineAuthenticationFilter}, which runs before this filter on /engine-rest. */
    private Optional<Caller> fromRestAuthentication() {
        Authentication authentication = engine.getIdentityService().getCurrentAuthentication();
        if (authentication == null || authentication.getUserId() == null) {
            return Optional.empty();
        }
        return Optional.of(new Caller(
                authentication.getUserId(),
                orEmpty(authentication.getGroupIds()),
                orEmpty(authentication.getTenantIds())));
    }

    /** Tasklist keeps its login in the HTTP session, with the groups and tenants the engine resolved at login. */
    private static Optional<Caller> fromSession(HttpServletRequest request, String engineName) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        if (AuthenticationUtil.getAuthsFromSession(session).getAuthenticationForProcessEngine(engineName)
                instanceof UserAuthentication user) {
            return Optional.of(new Caller(user.getName(), orEmpty(user.getGroupIds()), orEmpty(user.getTenantIds())));
        }
        return Optional.empty();
    }

    private boolean isAdministrator(Caller caller) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        List<String> adminUsers = orEmpty(configuration.getAdminUsers());
        List<String> adminGroups = orEmpty(configuration.getAdminGroups());
        return adminUsers.contains(caller.userId())
                || caller.groupIds().stream().anyMatch(adminGroups::contains);
    }

    /**
     * The store that owns the resource, looked up without the caller's authentication (which would hide it): the
     * point is to know whose it is, not to show it.
     */
    private Optional<String> ownerOf(String kind, String id) {
        IdentityService identity = engine.getIdentityService();
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            if (kind.equals("task")) {
                Task task = engine.getTaskService().createTaskQuery().taskId(id).singleResult();
                return Optional.ofNullable(task).map(Task::getTenantId);
            }
            ProcessInstance instance = engine.getRuntimeService()
                    .createProcessInstanceQuery()
                    .processInstanceId(id)
                    .singleResult();
            return Optional.ofNullable(instance).map(ProcessInstance::getTenantId);
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
