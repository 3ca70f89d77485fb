package io.autobiz.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.delegates.ProcessVariables;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An approval task takes a decision and a comment, nothing else. In front of {@code /engine-rest} and Tasklist's engine
 * API ({@code /camunda/api/engine}), a request that completes or submits the form of an approval task (one with an
 * approval request, {@code hitl_requests.task_id}) with any variable but {@code approved} and {@code approvalComment},
 * or that resolves it or throws a BPMN error or escalation from it (which carry variables too), is refused with 400 in
 * Camunda's error format before the engine sees it: nothing changes.
 *
 * <p>Why here and not only in the engine: the engine sets a completion's variables before the task listener runs, and
 * tells the listener nothing of which ones came with the call. The engine's own grant keeps approvers from setting
 * variables any other way (TASK_WORK, not UPDATE), and the decision writes the approved facts back over the run's
 * variables, so a variable that came by another path (an operator's) cannot bend the run either.
 */
final class ApprovalTaskGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApprovalTaskGuard.class);

    /** What an approver may send: the form's two fields. */
    static final Set<String> DECISION_VARIABLES = Set.of(ProcessVariables.APPROVED, ProcessVariables.APPROVAL_COMMENT);

    private static final Set<String> COMPLETIONS = Set.of("complete", "submit-form");

    private final ProcessEngine engine;
    private final Approvals approvals;
    private final MeterRegistry meters;
    private final Pattern taskAction;

    ApprovalTaskGuard(ProcessEngine engine, Approvals approvals, MeterRegistry meters, String webappPath) {
        this.engine = engine;
        this.approvals = approvals;
        this.meters = meters;
        this.taskAction = Pattern.compile("^(?:/engine-rest(?:/engine/[^/]+)?|" + Pattern.quote(webappPath)
                + "/api/engine/engine/[^/]+)/task/([^/]+)/(complete|submit-form|resolve|bpmnError|bpmnEscalation)$");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The decoded, normalised path the container maps (path parameters, encoded letters and doubled slashes
        // gone), not the raw URI: "/task/{id}/complete;x=1" reaches the same endpoint and must meet the same check.
        Matcher named = taskAction.matcher(request.getServletPath() + Objects.toString(request.getPathInfo(), ""));
        if (!"POST".equals(request.getMethod()) || !named.matches() || !isApprovalTask(named.group(1))) {
            chain.doFilter(request, response);
            return;
        }
        String taskId = named.group(1);
        String action = named.group(2);
        byte[] body = request.getInputStream().readAllBytes();
        if (!COMPLETIONS.contains(action)) {
            refuse(
                    response,
                    taskId,
                    "approval task " + taskId + " is decided by completing it with '"
                            + ProcessVariables.APPROVED + "' and '" + ProcessVariables.APPROVAL_COMMENT + "' only; "
                            + action
                            + " is not accepted");
            return;
        }
        List<String> refused = variablesBesidesTheDecision(body);
        if (!refused.isEmpty()) {
            refuse(
                    response,
                    taskId,
                    "approval task " + taskId + " accepts only the decision ('"
                            + ProcessVariables.APPROVED + "') and a comment ('" + ProcessVariables.APPROVAL_COMMENT
                            + "'); refused: " + String.join(", ", refused) + ". Nothing was changed");
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    /** The names in the body's {@code variables} other than the decision's; none for a body Camunda will refuse. */
    private static List<String> variablesBesidesTheDecision(byte[] body) {
        JsonNode parsed;
        try {
            parsed = body.length == 0 ? Json.object() : Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException unreadable) {
            return List.of();
        }
        return parsed.path("variables").properties().stream()
                .map(Map.Entry::getKey)
                .filter(name -> !DECISION_VARIABLES.contains(name))
                .sorted()
                .map(name -> name.replaceAll("[^A-Za-z0-9_.-]", "?"))
                .toList();
    }

    /**
     * Whether the task decides an approval request. Looked up without the caller's authentication (which may hide the
     * task; the engine then answers as it answers), within the task's store.
     */
    private boolean isApprovalTask(String taskId) {
        IdentityService identity = engine.getIdentityService();
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            Task task = engine.getTaskService().createTaskQuery().taskId(taskId).singleResult();
            return task != null
                    && task.getTenantId() != null
                    && TenantId.isValid(task.getTenantId())
                    && approvals
                            .forTask(TenantId.of(task.getTenantId()), taskId)
                            .isPresent();
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }

    private void refuse(HttpServletResponse response, String taskId, String message) throws IOException {
        meters.counter("hitl_decision_refused_total", "reason", "NOT_A_DECISION")
                .increment();
        log.warn("approval decision refused: task={} {}", taskId, message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "InvalidDecision");
        body.put("message", message);
        body.put("reason", "NOT_A_DECISION");
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.write(Json.mapper().valueToTree(body)));
    }

    /** The request again, with the body this filter read, for Camunda's resource to read. */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
