package io.autobiz.workflows.starts;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.security.SignedInUsers;
import io.autobiz.security.SignedInUsers.SignedInUser;
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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of {@code /engine-rest}: a request that starts a declared workflow, by key, by definition ID, by start
 * form or by its start message, has its variables checked against the workflow's {@link StartDeclaration} before the
 * engine sees it. A start that does not match is answered 400 in the REST API's own error form, naming each variable
 * and rule, and nothing is started; the engine would otherwise start it and fail later in a job (a missing variable),
 * or answer 500 (a missing store). Other requests, and messages that start nothing declared, pass untouched.
 *
 * <p>Before the variables, the store: a caller who is not an administrator may start a workflow only for a store they
 * belong to. A start whose {@code tenantId} (or, for a workflow without one, the store in the path or message) names
 * another store is answered 403 with {@code CROSS_STORE_START}, starts nothing and is recorded as a security incident.
 */
final class RestStartGuard extends OncePerRequestFilter {

    private static final Pattern START = Pattern.compile("^/engine-rest(?:/engine/[^/]+)?/process-definition/"
            + "(?:key/(?<key>[^/]+)(?:/tenant-id/(?<tenant>[^/]+))?|(?<id>[^/]+))/(?:start|submit-form)$");
    private static final Pattern MESSAGE = Pattern.compile("^/engine-rest(?:/engine/[^/]+)?/message$");

    private final StartDeclarations declarations;
    private final StartCheck check;
    private final RepositoryService repository;
    private final SignedInUsers users;
    private final SecurityIncidents incidents;

    RestStartGuard(
            StartDeclarations declarations,
            StartCheck check,
            RepositoryService repository,
            SignedInUsers users,
            SecurityIncidents incidents) {
        this.declarations = declarations;
        this.check = check;
        this.repository = repository;
        this.users = users;
        this.incidents = incidents;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher start = START.matcher(path);
        boolean byMessage = MESSAGE.matcher(path).matches();
        if (!"POST".equals(request.getMethod()) || !(start.matches() || byMessage)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        HttpServletRequest again = new CachedBody(request, body);
        JsonNode document;
        try {
            document = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException notJson) {
            chain.doFilter(again, response); // the REST API answers a malformed body itself, with 400
            return;
        }
        Optional<StartDeclaration> declaration;
        JsonNode variables;
        if (byMessage) {
            // A message aimed at a running instance continues it; only a declared start message is a start.
            declaration = document.hasNonNull("processInstanceId")
                    ? Optional.empty()
                    : declarations.startedBy(document.path("messageName").asText());
            variables = document.get("processVariables");
        } else {
            declaration = Optional.ofNullable(start.group("key"))
                    .or(() -> keyOfDefinition(start.group("id")))
                    .flatMap(declarations::forProcess);
            variables = document.get("variables");
        }
        if (declaration.isPresent()) {
            StartVariables.Read read = StartVariables.read(variables);
            Optional<String> store = declaration.get().namesTheStore()
                    ? textOf(read.document().get("tenantId"))
                    : byMessage ? textOf(document.get("tenantId")) : Optional.ofNullable(start.group("tenant"));
            Optional<SignedInUser> caller = users.of(request);
            if (store.isPresent() && caller.isPresent() && !caller.get().maySee(store.get())) {
                refuseCrossStore(request, response, declaration.get(), caller.get(), store.get());
                return;
            }
            List<String> problems =
                    read.problems().isEmpty() ? check.problems(declaration.get(), read.document()) : read.problems();
            if (!problems.isEmpty()) {
                refuse(response, declaration.get(), problems);
                return;
            }
        }
        chain.doFilter(again, response);
    }

    /** The key of a definition named by ID, if the caller may see it (if not, the engine answers as it would). */
    private Optional<String> keyOfDefinition(String id) {
        return Optional.ofNullable(repository
                        .createProcessDefinitionQuery()
                        .processDefinitionId(id)
                        .singleResult())
                .map(ProcessDefinition::getKey);
    }

    private static Optional<String> textOf(JsonNode value) {
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /**
     * In the REST API's error form, as its own refusals of a missing permission are. The incident is recorded in the
     * context of the caller's first store (sorted), reaching the store named; a name that is no store ID is recorded
     * as tried, not as a store.
     */
    private void refuseCrossStore(
            HttpServletRequest request,
            HttpServletResponse response,
            StartDeclaration declaration,
            SignedInUser caller,
            String store)
            throws IOException {
        Optional<TenantId> target = TenantId.isValid(store) ? Optional.of(TenantId.of(store)) : Optional.empty();
        Optional<TenantId> actor = caller.stores().stream()
                .sorted()
                .filter(TenantId::isValid)
                .map(TenantId::of)
                .findFirst()
                .or(() -> target);
        if (actor.isPresent()) {
            SecurityIncident incident = SecurityIncident.of(
                    actor.get(),
                    "user:" + caller.id(),
                    SecurityIncident.Channel.ENGINE,
                    "start " + declaration.process() + " for another store via " + request.getRequestURI());
            incidents.record(target.map(incident::reaching).orElse(incident));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "AuthorizationException");
        body.put("code", "CROSS_STORE_START");
        body.put(
                "message",
                "User '" + caller.id() + "' may not start " + declaration.workflow() + " (" + declaration.process()
                        + ") for store '" + store + "': it is not one of their stores.");
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.write(Json.mapper().valueToTree(body)));
    }

    private static void refuse(HttpServletResponse response, StartDeclaration declaration, List<String> problems)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "InvalidRequestException");
        body.put(
                "message",
                "Cannot start " + declaration.workflow() + " (" + declaration.process() + "): "
                        + String.join("; ", problems) + ". See docs/integrations.md.");
        body.put("problems", problems);
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
                    getInputStream(), encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}
