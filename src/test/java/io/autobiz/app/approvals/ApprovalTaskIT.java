package io.autobiz.app.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.app.tenancy.TenantProvisioning;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * P1-T16/T17 on the real engine and PostgreSQL: an approval user task in front of a FINANCIAL call, decided through
 * {@code /engine-rest} as an authenticated approver (what Tasklist does), with the deny and timeout paths, a
 * non-approver's refusal, and a call whose arguments changed after the approval.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.generate-unique-process-engine-name=false")
@ActiveProfiles({"postgres", "it"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ApprovalTaskIT {

    /** Its own database: the test process and the widened acme config must not reach other test classes. */
    private static final TestDatabase DATABASE = TestPostgres.newDatabase();
    /** Test-only password that passes the postgres profile's password policy. */
    private static final String PASSWORD = "Test-only-Passw0rd!";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String PROCESS = "approval-refund-test";
    private static final TenantId ACME = TenantId.of("acme");
    private static final String APPROVER = "ada";

    @DynamicPropertySource
    static void approvalStore(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("autobiz.admin.user", () -> "ops");
        registry.add("autobiz.admin.password", () -> PASSWORD);
        registry.add("autobiz.approvals.slack.acme.channel", () -> "C0TESTAPPROVALS");
        registry.add("autobiz.approvals.slack.acme.approvers.U0ADA", () -> APPROVER);
        registry.add("autobiz.approvals.slack.acme.approvers.U0MALLORY", () -> "mallory");
        registry.add(
                "autobiz.business-config.locations", () -> "classpath:approval-it-config/,classpath*:business-config/");
    }

    /** A FINANCIAL tool that records what it was asked to do. */
    @TestConfiguration(proxyBeanMethods = false)
    static class RefundTool {
        static final List<ObjectNode> CALLS = new CopyOnWriteArrayList<>();

        @Bean
        Tool testMoneyRefund() {
            ToolContract contract = ToolContract.builder("test.money.refund", 1)
                    .input(Json.parse("""
                            {"type":"object","additionalProperties":false,"required":["paymentId","amount"],
                             "properties":{"paymentId":{"type":"string"},"amount":{"type":"integer","minimum":1}}}"""))
                    .output(Json.parse("""
                            {"type":"object","additionalProperties":false,"properties":{"status":{"type":"string"}}}"""))
                    .sideEffect(SideEffect.FINANCIAL)
                    .money("amount")
                    .scope("payments:refund")
                    .intent("paymentId", "amount")
                    .dependency("stripe")
                    .build();
            return new Fixtures.CountingTool(contract, invocation -> {
                CALLS.add(invocation.input());
                return Json.object().put("status", "succeeded");
            });
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ProcessEngine engine;

    @Autowired
    Approvals approvals;

    @Autowired
    SlackApprovalInteractions slack;

    @Autowired
    TenantJdbc jdbc;

    /** What would have gone to Slack: the tool itself comes with the provider tools. */
    @TestConfiguration(proxyBeanMethods = false)
    static class RecordingSlack {
        static final List<String> POSTED = new CopyOnWriteArrayList<>();

        @Bean
        @Primary
        SlackPoster recordingSlackPoster() {
            return (tenant, runId, channel, message) -> POSTED.add(
                    tenant + "|" + channel + "|" + message.get("text").asText());
        }
    }

    @BeforeEach
    void deployAndMakeAnApprover() {
        RefundTool.CALLS.clear();
        RecordingSlack.POSTED.clear();
        if (engine.getRepositoryService()
                        .createProcessDefinitionQuery()
                        .processDefinitionKey(PROCESS)
                        .count()
                == 0) {
            engine.getRepositoryService()
                    .createDeployment()
                    .addClasspathResource("bpmn/approval-refund-test.bpmn")
                    .deploy();
        }
        var identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(APPROVER).count() == 0) {
            User ada = identity.newUser(APPROVER);
            ada.setPassword(PASSWORD);
            identity.saveUser(ada);
            identity.createMembership(APPROVER, TenantProvisioning.approversGroup("acme"));
        }
        if (identity.createUserQuery().userId("mallory").count() == 0) {
            User mallory = identity.newUser("mallory");
            mallory.setPassword(PASSWORD);
            identity.saveUser(mallory);
        }
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    @DisplayName("P1-T16 the refund waits in an approval task; approved through the REST API by the store's approver,"
            + " the decision, approver and argument hash are recorded and the refund runs once")
    void approvedThroughRest() throws Exception {
        String instance = startRefund(2500);
        Task task = approvalTaskOf(instance);
        assertThat(RefundTool.CALLS).as("nothing before the decision").isEmpty();
        assertThat(engine.getTaskService().getVariable(task.getId(), "approvalAmount"))
                .isEqualTo("25.00");
        assertThat(engine.getTaskService().getIdentityLinksForTask(task.getId()))
                .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("acme-approvers"));

        HttpResponse<String> completed = complete(task, APPROVER, true, "refund is due");

        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
        ApprovalRequest request = requestOf(instance);
        assertThat(request.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(request.approverId()).isEqualTo(APPROVER);
        assertThat(request.comment()).isEqualTo("refund is due");
        assertThat(request.taskId()).isEqualTo(task.getId());
        assertThat(request.argumentsSha256()).isEqualTo(Approvals.argumentsSha256(request.tool(), refund(2500)));

        executeJobsOf(instance);

        assertThat(RefundTool.CALLS)
                .singleElement()
                .satisfies(call -> assertThat(Json.write(call)).isEqualTo(Json.write(refund(2500))));
        assertEndedAt(instance, "End_Refunded");
    }

    @Test
    @DisplayName("P1-T16 a denial submitted as Tasklist submits the approval form ends the path without the refund")
    void denied() throws Exception {
        String instance = startRefund(2500);

        HttpResponse<String> completed = submitForm(approvalTaskOf(instance), APPROVER, "false", "already refunded");

        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
        assertThat(requestOf(instance).status()).isEqualTo(ApprovalStatus.DENIED);
        executeJobsOf(instance);
        assertThat(RefundTool.CALLS).isEmpty();
        assertEndedAt(instance, "End_Denied");
    }

    @Test
    @DisplayName("P1-T07-NEG-not-an-approver the operator (camunda-admin, not in the store's approvers group) cannot"
            + " decide: refused with the reason, the task stays open and the request PENDING")
    void operatorIsNotAnApprover() throws Exception {
        String instance = startRefund(2500);
        Task task = approvalTaskOf(instance);

        HttpResponse<String> attempt = complete(task, "ops", true, "I am the admin");

        // The engine wraps what a task listener throws into ENGINE-03051, which Camunda's REST API would answer with
        // 500; AutoBiz answers the refusal as what it is.
        assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(403);
        assertThat(Json.parse(attempt.body()).path("type").asText()).isEqualTo("ApprovalRefused");
        assertThat(Json.parse(attempt.body()).path("reason").asText()).isEqualTo("NOT_AN_APPROVER");
        assertThat(attempt.body()).contains("ops is not an approver of acme");
        assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .taskId(task.getId())
                        .count())
                .isEqualTo(1);
        assertThat(requestOf(instance).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(RefundTool.CALLS).isEmpty();
    }

    @Test
    @DisplayName("P1-T07-NEG-unreadable-decision an answer that is neither true nor false is a 400 that says so; the"
            + " task stays open and the request PENDING")
    void unreadableDecisionIsABadRequest() throws Exception {
        String instance = startRefund(2500);
        Task task = approvalTaskOf(instance);

        HttpResponse<String> attempt = submitForm(task, APPROVER, "maybe", "not sure");

        assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(400);
        assertThat(Json.parse(attempt.body()).path("type").asText()).isEqualTo("InvalidDecision");
        assertThat(attempt.body()).contains("needs the form's 'approved' answer (true or false)");
        assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .taskId(task.getId())
                        .count())
                .isEqualTo(1);
        assertThat(requestOf(instance).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(RefundTool.CALLS).isEmpty();
    }

    @Test
    @DisplayName("P1-T17 when the approval's time (the store's HITL rule: 10 minutes) runs out, the request times"
            + " out and the path fails without the refund")
    void timesOut() {
        String instance = startRefund(2500);
        approvalTaskOf(instance);
        Job timer = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(instance)
                .timers()
                .singleResult();
        assertThat(Duration.between(new Date().toInstant(), timer.getDuedate().toInstant()))
                .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));

        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
        engine.getManagementService().executeJob(timer.getId());

        assertThat(requestOf(instance).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(RefundTool.CALLS).isEmpty();
        assertEndedAt(instance, "End_TimedOut");
    }

    @Test
    @DisplayName("P1-T07-NEG-changed-after-approval arguments changed after the approval (a variable set through the"
            + " API) are refused by the kernel with APPROVAL_REQUIRED; nothing is refunded")
    void argumentsChangedAfterApproval() throws Exception {
        String instance = startRefund(2500);
        complete(approvalTaskOf(instance), APPROVER, true, null);

        engine.getRuntimeService().setVariable(instance, "amount", 2600);
        engine.getRuntimeService().setVariable(instance, "approvalDecision", "APPROVED");
        executeJobsOf(instance);

        assertThat(RefundTool.CALLS).isEmpty();
        assertEndedAt(instance, "End_Refused");
    }

    @Test
    @DisplayName("P1-T16 Slack: the approval is posted with its buttons; a click by the store's mapped approver"
            + " completes the Camunda task as that approver, and the outcome is posted")
    void approvedInSlack() {
        String instance = startRefund(2500);
        Task task = approvalTaskOf(instance);
        assertThat(RecordingSlack.POSTED)
                .singleElement()
                .asString()
                .startsWith("acme|C0TESTAPPROVALS|Approval needed: test.money.refund@1 of 25.00 USD");

        SlackApprovalInteractions.Outcome outcome =
                slack.handle(ACME, click("U0ADA", requestOf(instance).id(), true));

        assertThat(outcome.decided()).as(outcome.message()).isTrue();
        ApprovalRequest request = requestOf(instance);
        assertThat(request.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(request.approverId()).isEqualTo(APPROVER);
        assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .taskId(task.getId())
                        .count())
                .as("Tasklist no longer shows it")
                .isZero();
        assertThat(RecordingSlack.POSTED).last().asString().contains("APPROVED by ada");
        executeJobsOf(instance);
        assertThat(RefundTool.CALLS).hasSize(1);
    }

    @Test
    @DisplayName("P1-T07-NEG-slack-stranger a click by a Slack user who is no approver of the store (unmapped, or"
            + " mapped to a user outside the approvers group) is refused, recorded, and changes nothing")
    void strangersInSlackAreRefused() {
        String instance = startRefund(2500);
        String requestId = requestOf(instance).id();
        Integer incidentsBefore = slackIncidents();

        SlackApprovalInteractions.Outcome unmapped = slack.handle(ACME, click("U0STRANGER", requestId, true));
        SlackApprovalInteractions.Outcome outsider = slack.handle(ACME, click("U0MALLORY", requestId, true));
        SlackApprovalInteractions.Outcome otherStore =
                slack.handle(TenantId.of("globex"), click("U0ADA", requestId, true));

        assertThat(List.of(unmapped, outsider, otherStore)).noneMatch(SlackApprovalInteractions.Outcome::decided);
        assertThat(outsider.message())
                .as("the engine refuses her: no tenant, no group")
                .contains("not accepted");
        assertThat(requestOf(instance).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(approvalTaskOf(instance)).isNotNull();
        assertThat(slackIncidents() - incidentsBefore).isEqualTo(2);
        assertThat(RefundTool.CALLS).isEmpty();
    }

    /** Read as the application reads, within the store (row-level security). */
    private Integer slackIncidents() {
        return jdbc.inTransaction(ACME, connection -> {
            try (var count = connection.prepareStatement(
                            "select count(*) from security_incidents where channel = 'SLACK'");
                    var row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        });
    }

    private static JsonNode click(String slackUser, String requestId, boolean approve) {
        ObjectNode payload = Json.object();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", slackUser);
        payload.putArray("actions")
                .addObject()
                .put("action_id", approve ? SlackApprovalMessages.APPROVE : SlackApprovalMessages.DENY)
                .put("value", requestId);
        return payload;
    }

    /**
     * A payment of this test alone: the tests share one database, and an identical refund made by an earlier test
     * would be answered from its idempotency record (kernel step 6) instead of reaching the tool.
     */
    private final String paymentId =
            "pi_test_" + java.util.UUID.randomUUID().toString().substring(0, 8);

    private String startRefund(long amount) {
        return engine.getRuntimeService()
                .startProcessInstanceByKey(
                        PROCESS, Map.of("tenantId", "acme", "paymentId", paymentId, "amount", amount))
                .getId();
    }

    private Task approvalTaskOf(String instance) {
        return engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(instance)
                .singleResult();
    }

    private ApprovalRequest requestOf(String instance) {
        String id = (String) engine.getHistoryService()
                .createHistoricVariableInstanceQuery()
                .processInstanceId(instance)
                .variableName("approvalRequestId")
                .singleResult()
                .getValue();
        return approvals.find(ACME, id).orElseThrow();
    }

    private HttpResponse<String> complete(Task task, String user, boolean approved, String comment) throws Exception {
        ObjectNode body = Json.object();
        ObjectNode variables = body.putObject("variables");
        variables.putObject("approved").put("value", approved).put("type", "Boolean");
        if (comment != null) {
            variables.putObject("approvalComment").put("value", comment).put("type", "String");
        }
        String basic = Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/engine-rest/task/" + task.getId() + "/complete"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** What Tasklist sends for the approval form: its radio answers as text. */
    private HttpResponse<String> submitForm(Task task, String user, String decision, String comment) throws Exception {
        ObjectNode body = Json.object();
        ObjectNode variables = body.putObject("variables");
        variables.putObject("approved").put("value", decision).put("type", "String");
        variables.putObject("approvalComment").put("value", comment).put("type", "String");
        String basic = Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/engine-rest/task/" + task.getId() + "/submit-form"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void executeJobsOf(String instance) {
        for (int i = 0; i < 5; i++) {
            List<Job> jobs = engine.getManagementService()
                    .createJobQuery()
                    .processInstanceId(instance)
                    .executable()
                    .list();
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
        }
    }

    private void assertEndedAt(String instance, String endEvent) {
        assertThat(engine.getRuntimeService()
                        .createProcessInstanceQuery()
                        .processInstanceId(instance)
                        .count())
                .as("the instance has ended")
                .isZero();
        assertThat(engine.getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(instance)
                        .activityId(endEvent)
                        .count())
                .isEqualTo(1);
    }

    private ObjectNode refund(long amount) {
        return (ObjectNode) Json.parse("{\"paymentId\":\"" + paymentId + "\",\"amount\":" + amount + "}");
    }
}
