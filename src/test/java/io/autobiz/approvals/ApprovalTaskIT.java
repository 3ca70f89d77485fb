package io.autobiz.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.tenancy.TenantProvisioning;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.WorkflowHarness;
import io.autobiz.testsupport.WorkflowIT;
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
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;

/**
 * P1-T16/T17 on the real engine and PostgreSQL: an approval user task in front of a FINANCIAL call, decided through
 * {@code /engine-rest} as an authenticated approver (what Tasklist does), with the deny and timeout paths, a
 * non-approver's refusal, and a call whose arguments changed after the approval.
 */
@WorkflowIT(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        approvers = {ApprovalTaskIT.APPROVER, ApprovalTaskIT.SECOND_APPROVER},
        properties = {
            // /engine-rest addresses the engine by name ("default"); the it profile makes names unique.
            "camunda.bpm.generate-unique-process-engine-name=false",
            "autobiz.admin.user=ops",
            "autobiz.admin.password=" + ApprovalTaskIT.PASSWORD,
            "autobiz.approvals.slack.acme.channel=C0TESTAPPROVALS",
            "autobiz.approvals.slack.acme.approvers.U0ADA=" + ApprovalTaskIT.APPROVER,
            "autobiz.approvals.slack.acme.approvers.U0MALLORY=mallory",
            "autobiz.business-config.locations=classpath:approval-it-config/,classpath*:business-config/"
        })
@IntegrationInternal
class ApprovalTaskIT {

    /** Test-only password that passes the postgres profile's password policy (the harness gives it to approvers). */
    static final String PASSWORD = WorkflowHarness.APPROVER_PASSWORD;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String PROCESS = "approval-refund-test";
    private static final TenantId ACME = TenantId.of("acme");
    static final String APPROVER = "ada";
    static final String SECOND_APPROVER = "bob";
    private static final String CUSTOMER = "grace@example.com";

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

    @Autowired
    BusinessConfigs configs;

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
    void deployAndMakeAnOutsider() {
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
        // ada and bob are the store's approvers (@WorkflowIT); mallory is a user of no store.
        var identity = engine.getIdentityService();
        if (identity.createUserQuery().userId("mallory").count() == 0) {
            User mallory = identity.newUser("mallory");
            mallory.setPassword(PASSWORD);
            identity.saveUser(mallory);
        }
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
    @DisplayName("P1-T16 the approval task shows what is approved: the action in words, the amount with its currency,"
            + " the order's name linking to its run in Cockpit, the customer masked, the reason, and the deadline as"
            + " the task's due date")
    void taskShowsWhatIsApproved() {
        String instance = startRefund(3000, Map.of("orderName", "#1001"));
        Task task = approvalTaskOf(instance);
        ApprovalRequest request = requestOf(instance);

        assertThat(task.getDueDate()).isEqualTo(java.util.Date.from(request.expiresAt()));
        assertThat(engine.getTaskService().getVariables(task.getId()))
                .containsEntry("approvalAction", "Refund 30.00 USD to the customer's card")
                .containsEntry("approvalAmountText", "30.00 USD")
                .containsEntry("approvalOrderName", "#1001")
                .containsEntry("approvalOrderLink", "/camunda/app/cockpit/default/#/process-instance/" + instance)
                .containsEntry("approvalCustomer", "g***@example.com")
                .containsEntry("approvalReason", "customer asked for a refund")
                .containsEntry(
                        "approvalDeadline",
                        request.expiresAt()
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString());
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
        assertUndecided(instance);
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
        assertUndecided(instance);
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
        assertUndecided(instance);
        assertThat(slackIncidents() - incidentsBefore).isEqualTo(2);
        assertThat(RefundTool.CALLS).isEmpty();
    }

    @Test
    @DisplayName("P1-T16 attack: an approver's completion that carries anything but the decision and a comment (the"
            + " amount, the recipient, a request ID) is refused with 400 over /engine-rest complete and submit-form;"
            + " nothing changes")
    void completionWithOtherVariablesIsRefused() throws Exception {
        String instance = startRefund(2500);
        Task task = approvalTaskOf(instance);
        ObjectNode bent = Json.object();
        ObjectNode variables = bent.putObject("variables");
        variables.putObject("approved").put("value", true).put("type", "Boolean");
        variables.putObject("amount").put("value", 1).put("type", "Long");
        variables.putObject("customerEmail").put("value", "mallory@example.net").put("type", "String");

        HttpResponse<String> complete = rest("POST", "/engine-rest/task/" + task.getId() + "/complete", APPROVER, bent);
        HttpResponse<String> submit =
                rest("POST", "/engine-rest/task/" + task.getId() + "/submit-form", APPROVER, bent);
        HttpResponse<String> resolve = rest("POST", "/engine-rest/task/" + task.getId() + "/resolve", APPROVER, bent);

        for (HttpResponse<String> attempt : List.of(complete, submit, resolve)) {
            assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(400);
            assertThat(Json.parse(attempt.body()).path("type").asText()).isEqualTo("InvalidDecision");
        }
        assertThat(complete.body()).contains("accepts only the decision").contains("amount, customerEmail");
        assertUndecided(instance);
        assertThat(engine.getRuntimeService().getVariable(instance, "amount")).isEqualTo(2500L);
        assertThat(engine.getRuntimeService().getVariable(instance, "customerEmail"))
                .isEqualTo(CUSTOMER);
        assertThat(RefundTool.CALLS).isEmpty();
    }

    @Test
    @DisplayName("P1-T16 attack: an approver cannot set variables of an approval task or of its run over /engine-rest"
            + " (task, task-local, process instance, execution): 403, nothing changes")
    void approverCannotSetVariables() throws Exception {
        String instance = startRefund(2500);
        Task task = approvalTaskOf(instance);
        ObjectNode value = Json.object().put("value", "mallory@example.net").put("type", "String");
        ObjectNode modifications = Json.object();
        modifications.putObject("modifications").set("customerEmail", value);

        List<HttpResponse<String>> attempts = List.of(
                rest("PUT", "/engine-rest/task/" + task.getId() + "/variables/customerEmail", APPROVER, value),
                rest("POST", "/engine-rest/task/" + task.getId() + "/variables", APPROVER, modifications),
                rest("PUT", "/engine-rest/task/" + task.getId() + "/localVariables/customerEmail", APPROVER, value),
                rest("PUT", "/engine-rest/process-instance/" + instance + "/variables/customerEmail", APPROVER, value),
                rest("POST", "/engine-rest/process-instance/" + instance + "/variables", APPROVER, modifications),
                rest(
                        "PUT",
                        "/engine-rest/execution/" + task.getExecutionId() + "/localVariables/customerEmail",
                        APPROVER,
                        value));

        assertThat(attempts)
                .allSatisfy(attempt -> assertThat(attempt.statusCode())
                        .as(attempt.request().method() + " " + attempt.uri().getPath() + ": " + attempt.body())
                        .isEqualTo(403));
        assertThat(engine.getRuntimeService().getVariable(instance, "customerEmail"))
                .isEqualTo(CUSTOMER);
        assertThat(engine.getTaskService().getVariablesLocal(task.getId())).isEmpty();
        Authorization grant = engine.getAuthorizationService()
                .createAuthorizationQuery()
                .resourceType(Resources.TASK)
                .resourceId(task.getId())
                .groupIdIn(TenantProvisioning.approversGroup("acme"))
                .singleResult();
        assertThat(grant.isPermissionGranted(Permissions.TASK_WORK))
                .as("approvers work on the task")
                .isTrue();
        assertThat(grant.isPermissionGranted(Permissions.UPDATE))
                .as("approvers do not update it")
                .isFalse();
    }

    @Test
    @DisplayName("P1-T16 attack: the same completion spelt another way (a path parameter, an encoded letter, a doubled"
            + " slash) is refused with 400 as well; nothing changes")
    void completionSpeltAnotherWayIsRefused() throws Exception {
        String instance = startRefund(2500);
        Task task = approvalTaskOf(instance);
        ObjectNode bent = Json.object();
        ObjectNode variables = bent.putObject("variables");
        variables.putObject("approved").put("value", true).put("type", "Boolean");
        variables.putObject("amount").put("value", 1).put("type", "Long");

        List<HttpResponse<String>> attempts = List.of(
                rest("POST", "/engine-rest/task/" + task.getId() + "/complete;x=1", APPROVER, bent),
                rest("POST", "/engine-rest/task/" + task.getId() + "/%63omplete", APPROVER, bent),
                rest("POST", "/engine-rest//task/" + task.getId() + "/complete", APPROVER, bent));

        assertThat(attempts)
                .allSatisfy(attempt -> assertThat(attempt.statusCode())
                        .as(attempt.uri().getRawPath() + ": " + attempt.body())
                        .isIn(400, 404));
        assertUndecided(instance);
        assertThat(engine.getRuntimeService().getVariable(instance, "amount")).isEqualTo(2500L);
        assertThat(RefundTool.CALLS).isEmpty();
    }

    @Test
    @DisplayName("P1-T16 attack: an approver cannot move, cancel or rewrite the approval's run over /engine-rest"
            + " (instance modification past the task, deletion, task update): 403, the task and its request stay")
    void approverCannotMoveOrCancelTheRun() throws Exception {
        String instance = startRefund(2500);
        Task task = approvalTaskOf(instance);
        ObjectNode skipTheApproval = Json.object();
        skipTheApproval
                .putArray("instructions")
                .addObject()
                .put("type", "cancel")
                .put("activityId", task.getTaskDefinitionKey());
        ObjectNode rename = Json.object()
                .put("name", "Approve refund (already checked by finance)")
                .put("description", "approve without looking");

        List<HttpResponse<String>> attempts = List.of(
                rest("POST", "/engine-rest/process-instance/" + instance + "/modification", APPROVER, skipTheApproval),
                rest("DELETE", "/engine-rest/process-instance/" + instance, APPROVER, Json.object()),
                rest("PUT", "/engine-rest/task/" + task.getId(), APPROVER, rename));

        assertThat(attempts)
                .allSatisfy(attempt -> assertThat(attempt.statusCode())
                        .as(attempt.request().method() + " " + attempt.uri().getPath() + ": " + attempt.body())
                        .isEqualTo(403));
        Task still = approvalTaskOf(instance);
        assertThat(still).as("the approval task is still open").isNotNull();
        assertThat(still.getName()).isEqualTo(task.getName());
        assertThat(still.getDescription()).isEqualTo(task.getDescription());
        assertThat(requestOf(instance).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    @DisplayName("P1-T16 attack: a decision is bound to its own task: completing task A while A's run names B's"
            + " request decides A's request and nothing of B's")
    void decisionIsBoundToItsOwnTask() throws Exception {
        String a = startRefund(2500);
        String b = startRefund(2600);
        String requestOfB = requestOf(b).id();
        // What the approver could no longer do themselves, an operator's slip (or an old grant) could: A's run now
        // names B's request.
        engine.getRuntimeService().setVariable(a, "approvalRequestId", requestOfB);

        HttpResponse<String> completed = complete(approvalTaskOf(a), APPROVER, true, "A only");

        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
        assertThat(approvals.find(ACME, requestOfB).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(approvalTaskOf(b)).as("B's task stays open").isNotNull();
        ApprovalRequest decidedForA = approvals
                .forTask(
                        ACME,
                        engine.getHistoryService()
                                .createHistoricTaskInstanceQuery()
                                .processInstanceId(a)
                                .singleResult()
                                .getId())
                .orElseThrow();
        assertThat(decidedForA.runId()).isEqualTo(a);
        assertThat(decidedForA.status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    @DisplayName("P1-T16 attack: the person who asked for a refund cannot approve it (403 SELF_APPROVAL, the task"
            + " stays open); another approver of the store can")
    void requesterCannotApproveOwnRequest() throws Exception {
        String instance = startRefund(2500, Map.of("requestedBy", APPROVER));
        Task task = approvalTaskOf(instance);
        assertThat(requestOf(instance).requestedBy()).isEqualTo(APPROVER);

        HttpResponse<String> own = complete(task, APPROVER, true, "my own refund");

        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        assertThat(Json.parse(own.body()).path("reason").asText()).isEqualTo("SELF_APPROVAL");
        assertUndecided(instance);

        HttpResponse<String> other = complete(task, SECOND_APPROVER, true, "checked");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(204);
        assertThat(requestOf(instance).approverId()).isEqualTo(SECOND_APPROVER);
    }

    @Test
    @DisplayName("P1-T16 a single-person store (BusinessConfig allowSelfApproval: true) lets the requester approve")
    void singlePersonStoreMayApproveOwnRequest() throws Exception {
        String original = new String(
                new ClassPathResource("approval-it-config/acme.yml")
                        .getInputStream()
                        .readAllBytes(),
                StandardCharsets.UTF_8);
        String singlePerson =
                original.replace("approvers: acme-approvers\n", "approvers: acme-approvers\nallowSelfApproval: true\n");
        assertThat(configs.propose(ACME, singlePerson, "ADMIN_API", "ops").isAccepted())
                .isTrue();
        try {
            String instance = startRefund(2500, Map.of("requestedBy", APPROVER));

            HttpResponse<String> own = complete(approvalTaskOf(instance), APPROVER, true, "I run this shop alone");

            assertThat(own.statusCode()).as(own.body()).isEqualTo(204);
            assertThat(requestOf(instance).status()).isEqualTo(ApprovalStatus.APPROVED);
        } finally {
            // The original text is already a stored version (they are unique per text): back to it as a new one.
            String restored = original + "\n# restored after a single-person test\n";
            assertThat(configs.propose(ACME, restored, "ADMIN_API", "ops").isAccepted())
                    .isTrue();
        }
    }

    @Test
    @DisplayName("P1-T16 what the approver saw is what the run acts on: a fact changed before the decision (by"
            + " someone with the engine's rights) is written back from the approval request when it is decided")
    void approvedFactsAreWrittenBack() throws Exception {
        String instance = startRefund(2500);
        assertThat(requestOf(instance).facts().path("customerEmail").asText()).isEqualTo(CUSTOMER);
        engine.getRuntimeService().setVariable(instance, "customerEmail", "mallory@example.net");

        HttpResponse<String> completed = complete(approvalTaskOf(instance), APPROVER, true, "ok");

        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
        assertThat(engine.getHistoryService()
                        .createHistoricVariableInstanceQuery()
                        .processInstanceId(instance)
                        .variableName("customerEmail")
                        .singleResult()
                        .getValue())
                .isEqualTo(CUSTOMER);
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
        return startRefund(amount, Map.of());
    }

    private String startRefund(long amount, Map<String, Object> more) {
        Map<String, Object> variables = new java.util.HashMap<>(more);
        variables.putAll(
                Map.of("tenantId", "acme", "paymentId", paymentId, "amount", amount, "customerEmail", CUSTOMER));
        return engine.getRuntimeService()
                .startProcessInstanceByKey(PROCESS, variables)
                .getId();
    }

    private HttpResponse<String> rest(String method, String path, String user, JsonNode body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Basic " + basic)
                        .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A refused attempt changed nothing: the approval task is open, the request PENDING and no refund was asked. */
    private void assertUndecided(String instance) {
        assertThat(approvalTaskOf(instance)).as("the approval task stays open").isNotNull();
        assertThat(requestOf(instance).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(RefundTool.CALLS).as("no refund").isEmpty();
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
