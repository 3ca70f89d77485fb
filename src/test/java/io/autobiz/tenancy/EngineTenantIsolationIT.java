package io.autobiz.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TasklistSession;
import io.autobiz.testsupport.WorkflowHarness;
import io.autobiz.testsupport.WorkflowIT;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * P1-T-RK06b: two stores on one engine, each with a pending approval task. An approver of store A, through
 * {@code /engine-rest}, through Tasklist's own engine API and through the Java API, lists, sees and completes only A's
 * tasks; B's task and process instance IDs are answered as if they did not exist, written down as security incidents
 * and counted. The kernel refuses B's task when A's approver names it in a tool call.
 */
@WorkflowIT(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        approvers = "acmeapprover",
        properties = {
            "autobiz.tenants.globex.display-name=Globex Test Store",
            "autobiz.admin.user=ops",
            "autobiz.admin.password=" + EngineTenantIsolationIT.PASSWORD,
            // /engine-rest and Tasklist address the engine by name ("default"); the it profile makes names unique.
            "camunda.bpm.generate-unique-process-engine-name=false"
        })
@IntegrationInternal
class EngineTenantIsolationIT {

    private static final String PROCESS = "tenant-approval-test";
    /** Test-only password that passes the postgres profile's password policy (the harness gives it to approvers). */
    static final String PASSWORD = WorkflowHarness.APPROVER_PASSWORD;

    private static final TenantId ACME = TenantId.of("acme");

    /** A tool that takes an approval task as a namespaced entity ID, as the approval tools of issue 8 will. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ApprovalDecisionTool {
        @Bean
        Tool testApprovalDecide() {
            ToolContract contract = ToolContract.builder("test.approval.decide", 1)
                    .input(Json.parse("""
                            {"type":"object","additionalProperties":false,"required":["task"],
                             "properties":{"task":{"type":"string","format":"entity-id"}}}"""))
                    .output(Json.parse("""
                            {"type":"object","additionalProperties":false,"properties":{"status":{"type":"string"}}}"""))
                    .sideEffect(SideEffect.READ)
                    .scope("approvals:decide")
                    .build();
            return new Tool() {
                @Override
                public ToolContract contract() {
                    return contract;
                }

                @Override
                public ObjectNode invoke(ToolInvocation invocation) {
                    return Json.object().put("status", "decided");
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ProcessEngine engine;

    @Autowired
    TenantJdbc jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KernelExecutor kernel;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void twoStoresWithApprovers() {
        if (engine.getRepositoryService()
                        .createProcessDefinitionQuery()
                        .processDefinitionKey(PROCESS)
                        .count()
                == 0) {
            engine.getRepositoryService()
                    .createDeployment()
                    .name("tenant isolation test")
                    .addClasspathResource("bpmn/tenant-approval-test.bpmn")
                    .deploy();
        }
        approver("globexapprover", "globex"); // acme's approver is the harness's (@WorkflowIT)
    }

    /** A user in the store's approvers group, which TenantProvisioning made a member of the store's tenant. */
    private void approver(String user, String tenant) {
        var identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(user).count() == 0) {
            User approver = identity.newUser(user);
            approver.setPassword(PASSWORD);
            identity.saveUser(approver);
            identity.createMembership(user, TenantProvisioning.approversGroup(tenant));
        }
    }

    /** Starts the test approval for a store and answers its pending task. */
    private Task pendingApprovalOf(String tenant) {
        String instance = engine.getRuntimeService()
                .startProcessInstanceByKey(PROCESS, Map.of("tenantId", tenant))
                .getId();
        return engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(instance)
                .singleResult();
    }

    @Test
    @DisplayName("P1-T-RK06b through /engine-rest an approver of store A lists and sees only A's tasks")
    void restListsOnlyTheApproversStore() throws Exception {
        Task acme = pendingApprovalOf("acme");
        Task globex = pendingApprovalOf("globex");

        HttpResponse<String> listed = rest("GET", "/engine-rest/task", "acmeapprover", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode tasks = Json.parse(listed.body());
        assertThat(ids(tasks)).contains(acme.getId()).doesNotContain(globex.getId());
        assertThat(tasks)
                .allSatisfy(task -> assertThat(task.get("tenantId").asText()).isEqualTo("acme"));
        assertThat(rest("GET", "/engine-rest/task/" + acme.getId(), "acmeapprover", null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(ids(Json.parse(rest("GET", "/engine-rest/task", "ops", null).body())))
                .as("an administrator sees every store")
                .contains(acme.getId(), globex.getId());
    }

    @Test
    @DisplayName("P1-T-RK06b through /engine-rest store B's task and instance IDs are refused with 404 as A's approver,"
            + " recorded as security incidents and counted; B's task is untouched")
    void restRefusesTheOtherStoresTask() throws Exception {
        Task globex = pendingApprovalOf("globex");
        long incidentsBefore = engineIncidentsOf(ACME);
        double countedBefore = counter("ENGINE", "acme");

        List<HttpResponse<String>> attempts = List.of(
                rest("GET", "/engine-rest/task/" + globex.getId(), "acmeapprover", null),
                rest("POST", "/engine-rest/task/" + globex.getId() + "/complete", "acmeapprover", "{}"),
                rest("POST", "/engine-rest/task/" + globex.getId() + "/claim", "acmeapprover", "{\"userId\":\"x\"}"),
                rest("GET", "/engine-rest/task/" + globex.getId() + "/variables", "acmeapprover", null),
                rest("GET", "/engine-rest/process-instance/" + globex.getProcessInstanceId(), "acmeapprover", null));

        assertThat(attempts).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).doesNotContain("globex", "tenant");
        });
        assertThat(rest("GET", "/engine-rest/task/no-such-task", "acmeapprover", null)
                        .statusCode())
                .as("an unknown ID gets the same answer")
                .isEqualTo(404);
        Task untouched =
                engine.getTaskService().createTaskQuery().taskId(globex.getId()).singleResult();
        assertThat(untouched).isNotNull();
        assertThat(untouched.getAssignee()).isNull();
        assertThat(engineIncidentsOf(ACME)).isEqualTo(incidentsBefore + 5);
        assertThat(counter("ENGINE", "acme")).isEqualTo(countedBefore + 5);
    }

    @Test
    @DisplayName("P1-T-RK06b through /engine-rest an approver of store A completes A's own task")
    void restCompletesTheApproversOwnTask() throws Exception {
        Task acme = pendingApprovalOf("acme");

        HttpResponse<String> completed =
                rest("POST", "/engine-rest/task/" + acme.getId() + "/complete", "acmeapprover", "{}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
        assertThat(engine.getHistoryService()
                        .createHistoricProcessInstanceQuery()
                        .processInstanceId(acme.getProcessInstanceId())
                        .singleResult()
                        .getState())
                .isEqualTo("COMPLETED");
    }

    @Test
    @DisplayName("P1-T-RK06b in Tasklist an approver of store A lists and completes only A's tasks; B's task is 404")
    void tasklistShowsAndCompletesOnlyTheApproversStore() throws Exception {
        Task acme = pendingApprovalOf("acme");
        Task globex = pendingApprovalOf("globex");
        TasklistSession tasklist = new TasklistSession(port, "acmeapprover", PASSWORD);

        assertThat(ids(Json.parse(tasklist.get("/task").body())))
                .contains(acme.getId())
                .doesNotContain(globex.getId());
        String allTasks =
                Json.parse(tasklist.get("/filter").body()).get(0).get("id").asText();
        assertThat(ids(Json.parse(
                        tasklist.post("/filter/" + allTasks + "/list", "{}").body())))
                .as("Tasklist's filter")
                .contains(acme.getId())
                .doesNotContain(globex.getId());

        assertThat(tasklist.get("/task/" + globex.getId()).statusCode()).isEqualTo(404);
        assertThat(tasklist.post("/task/" + globex.getId() + "/complete", "{}").statusCode())
                .isEqualTo(404);
        assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .taskId(globex.getId())
                        .count())
                .isEqualTo(1);

        assertThat(tasklist.post("/task/" + acme.getId() + "/complete", "{}").statusCode())
                .isEqualTo(204);
        assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .taskId(acme.getId())
                        .count())
                .isZero();
    }

    @Test
    @DisplayName("P1-T-RK06b the engine's tenant check holds on its own: even granted every task, A's approver gets"
            + " none of B's through the Java API or REST")
    void tenantCheckHoldsWhereAuthorizationsWouldNot() throws Exception {
        Task acme = pendingApprovalOf("acme");
        Task globex = pendingApprovalOf("globex");
        var authorizations = engine.getAuthorizationService();
        Authorization everyTask = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        everyTask.setGroupId("acme-approvers");
        everyTask.setResource(Resources.TASK);
        everyTask.setResourceId(Authorization.ANY);
        everyTask.addPermission(Permissions.ALL);
        authorizations.saveAuthorization(everyTask);
        var identity = engine.getIdentityService();
        try {
            identity.setAuthentication("acmeapprover", List.of("acme-approvers"), List.of("acme"));
            assertThat(engine.getTaskService().createTaskQuery().list())
                    .extracting(Task::getTenantId)
                    .containsOnly("acme");
            assertThatThrownBy(() -> engine.getTaskService().complete(globex.getId()))
                    .isInstanceOf(ProcessEngineException.class)
                    .hasMessageContaining("no authenticated tenant");
            identity.clearAuthentication();

            assertThat(ids(Json.parse(rest("GET", "/engine-rest/task", "acmeapprover", null)
                            .body())))
                    .contains(acme.getId())
                    .doesNotContain(globex.getId());
        } finally {
            identity.clearAuthentication();
            authorizations.deleteAuthorization(everyTask.getId());
        }
        assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .taskId(globex.getId())
                        .count())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("P1-T-RK06c the kernel refuses A's approver naming B's task: CROSS_TENANT before the tool runs,"
            + " recorded")
    void kernelRefusesTheOtherStoresTask() {
        Task globex = pendingApprovalOf("globex");
        RunContext approverOfAcme = new RunContext(ACME, "run-rk06c", "corr-rk06c", "user:acmeapprover", "approval");

        assertThatThrownBy(() ->
                        kernel.execute(approverOfAcme, new ToolCall(ToolRef.parse("test.approval.decide"), (ObjectNode)
                                Json.parse("{\"task\":\"globex:task:" + globex.getId() + "\"}"))))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.CROSS_TENANT));

        assertThat(incidentRows(ACME, "KERNEL_INPUT"))
                .anySatisfy(row -> assertThat(row)
                        .startsWith("user:acmeapprover|globex|corr-rk06c|")
                        .contains("named a task of another store"));
    }

    @Test
    @DisplayName("P1-T32 P1-T-RK06c an approver of store A asking the admin API for B's credentials gets 403, recorded")
    void approverCannotReachTheOtherStoresCredentials() throws Exception {
        assertThat(rest("GET", "/admin/tenants/globex/credentials", "acmeapprover", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(rest("GET", "/admin/tenants/acme/credentials", "acmeapprover", null)
                        .statusCode())
                .as("own store: refused too (not an administrator), but no cross-store attempt")
                .isEqualTo(403);

        assertThat(incidentRows(ACME, "CREDENTIAL"))
                .singleElement()
                .satisfies(row -> assertThat(row).startsWith("user:acmeapprover|globex|"));
    }

    // --- helpers

    private HttpResponse<String> rest(String method, String path, String user, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode tasks) {
        List<String> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.get("id").asText()));
        return ids;
    }

    private double counter(String channel, String tenant) {
        Counter counter = meters.find("cross_tenant_attempt_total")
                .tags("channel", channel, "tenant", tenant)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long engineIncidentsOf(TenantId tenant) {
        return incidentRows(tenant, "ENGINE").size();
    }

    /** principal|target|correlation|attempted of the store's incidents on one channel, read in its own context. */
    private List<String> incidentRows(TenantId tenant, String channel) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select principal || '|' ||"
                    + " coalesce(target_tenant_id, '') || '|' || coalesce(correlation_id, '') || '|' || attempted"
                    + " from security_incidents where channel = ? order by created_at")) {
                select.setString(1, channel);
                try (ResultSet rows = select.executeQuery()) {
                    List<String> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                    return found;
                }
            }
        });
    }
}
