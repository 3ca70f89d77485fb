package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.PostgresWebIT;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.SendGridStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.TasklistSession;
import io.autobiz.testsupport.WorkflowHarness;
import io.autobiz.workflows.OrderCancelWorkflows.CancelRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The attack found against the quick start, replayed on WF04 (P1-T24) over the two HTTP APIs an approver has: on an
 * "Approve cancellation" task of a captured order above the threshold, the approver tries to set the customer's
 * address and to complete the approval with another order's ID and a small total, so that the refund approval, the
 * Shopify cancellation and the customer's mail would act on them. Each attempt is refused and the run goes on with
 * what the approver saw.
 */
@IntegrationExternal
class OrderCancelApprovalAttackIT extends PostgresWebIT {

    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    private static final TenantId ACME = TenantId.of("acme");
    private static final String APPROVER = "wf04mallet";
    private static final String GRAPHQL = ShopifyStubs.GRAPHQL;
    private static final String CUSTOMER = "ada@example.com";
    private static final String ATTACKER_MAIL = "mallet@example.net";
    /*
     * The web ITs share one database, and WF04 looks for the Printful order of an earlier WF01 run of the same order:
     * the orders here (8801, 8802, 4999) are numbers no other web IT starts a fulfilment for.
     */
    private static final String OTHER_ORDER = "gid://shopify/Order/4999";

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        ProviderStubs.properties(PROVIDERS).forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.stop();
    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    OrderCancelWorkflows workflows;

    @Autowired
    Approvals approvals;

    @BeforeEach
    void capturedOrderAboveTheThreshold() {
        PROVIDERS.resetAll();
        PROVIDERS.stubFor(ShopifyStubs.order(1001, "PAID", "120.00"));
        PROVIDERS.stubFor(StripeStubs.paymentIntents("pi_3Qattack[0-9]+")
                .willReturn(okJson(StripeStubs.paymentIntentJson("pi_3Qattack", 12000, "succeeded"))));
        PROVIDERS.stubFor(StripeStubs.refunded("re_3Qattack", 12000, "pi_3Qattack"));
        PROVIDERS.stubFor(ShopifyStubs.orderCancelled("44"));
        PROVIDERS.stubFor(SendGridStubs.accepted("msg-it-attack"));
        // The approver signs in to the web app below: the same test-only password as the operator's.
        WorkflowHarness.ensureApprover(engine.getIdentityService(), APPROVER);
    }

    @Test
    @DisplayName("P1-T24 attack over /engine-rest: an approver cannot set the customer's address on the cancellation"
            + " approval (403) nor complete it with another order and total (400); approved plainly, the refund"
            + " approval, the refund, the Shopify cancellation and the mail act on the order and address approved")
    void approverCannotBendTheRunOverEngineRest() throws Exception {
        String orderId = "gid://shopify/Order/8801";
        ProcessInstance cancel = request("cr-attack-rest", orderId, "pi_3Qattack8801");
        Task approve = task(cancel, "Task_Approve");

        HttpResponse<String> address = rest(
                "PUT",
                "/engine-rest/task/" + approve.getId() + "/variables/customerEmail",
                Json.object().put("value", ATTACKER_MAIL).put("type", "String"));
        HttpResponse<String> bent = rest("POST", "/engine-rest/task/" + approve.getId() + "/complete", bentDecision());

        assertThat(address.statusCode()).as(address.body()).isEqualTo(403);
        assertThat(bent.statusCode()).as(bent.body()).isEqualTo(400);
        assertThat(bent.body()).contains("orderId, orderTotal");
        assertUntouched(cancel, orderId);

        HttpResponse<String> approved = rest("POST", "/engine-rest/task/" + approve.getId() + "/complete", decision());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(204);

        Task approveRefund = task(cancel, "Task_ApproveRefund");
        assertThat(engine.getTaskService().getVariable(approveRefund.getId(), "orderId"))
                .isEqualTo(orderId);
        assertThat(engine.getTaskService().getVariable(approveRefund.getId(), "customerEmail"))
                .isEqualTo(CUSTOMER);
        ApprovalRequest refundApproval =
                approvals.forTask(ACME, approveRefund.getId()).orElseThrow();
        assertThat(refundApproval.facts().path("orderId").asText()).isEqualTo(orderId);
        assertThat(refundApproval.facts().path("customerEmail").asText()).isEqualTo(CUSTOMER);
        assertThat(refundApproval.requestedBy()).isEqualTo("demo");

        HttpResponse<String> refund =
                rest("POST", "/engine-rest/task/" + approveRefund.getId() + "/complete", decision());
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(204);
        executeJobsOf(cancel);

        assertThat(engine.getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(cancel.getId())
                        .activityId("End_Cancelled")
                        .count())
                .isEqualTo(1);
        PROVIDERS.verify(
                1,
                StripeStubs.refundRequests()
                        .withRequestBody(containing("amount=12000"))
                        .withRequestBody(containing("payment_intent=pi_3Qattack8801")));
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo(GRAPHQL))
                        .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderCancel")))
                        .withRequestBody(containing(orderId)));
        PROVIDERS.verify(0, postRequestedFor(urlEqualTo(GRAPHQL)).withRequestBody(containing(OTHER_ORDER)));
        PROVIDERS.verify(1, SendGridStubs.mails().withRequestBody(containing(CUSTOMER)));
        PROVIDERS.verify(0, SendGridStubs.mails().withRequestBody(containing(ATTACKER_MAIL)));
    }

    @Test
    @DisplayName("P1-T24 attack over Tasklist's own API: setting a variable of the cancellation approval is 403, a"
            + " form submitted with another order and total is 400; the form's own submit (approved, approvalComment)"
            + " decides, and the refund approval shows the order approved")
    void approverCannotBendTheRunOverTasklist() throws Exception {
        String orderId = "gid://shopify/Order/8802";
        ProcessInstance cancel = request("cr-attack-tasklist", orderId, "pi_3Qattack8802");
        Task approve = task(cancel, "Task_Approve");
        TasklistSession tasklist = new TasklistSession(port, APPROVER, OPERATOR_PASSWORD);

        HttpResponse<String> address = tasklist.put(
                "/task/" + approve.getId() + "/variables/customerEmail",
                Json.write(Json.object().put("value", ATTACKER_MAIL).put("type", "String")));
        HttpResponse<String> bent =
                tasklist.post("/task/" + approve.getId() + "/submit-form", Json.write(bentDecision()));

        assertThat(address.statusCode()).as(address.body()).isEqualTo(403);
        assertThat(bent.statusCode()).as(bent.body()).isEqualTo(400);
        assertUntouched(cancel, orderId);

        // What Tasklist's approval form sends: its radio's answer as text, and the comment.
        ObjectNode form = Json.object();
        ObjectNode variables = form.putObject("variables");
        variables.putObject("approved").put("value", "true").put("type", "String");
        variables.putObject("approvalComment").put("value", "customer asked").put("type", "String");
        HttpResponse<String> submitted = tasklist.post("/task/" + approve.getId() + "/submit-form", Json.write(form));

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(204);
        Task approveRefund = task(cancel, "Task_ApproveRefund");
        assertThat(engine.getTaskService().getVariable(approveRefund.getId(), "orderId"))
                .isEqualTo(orderId);
        assertThat(engine.getTaskService().getVariable(approveRefund.getId(), "customerEmail"))
                .isEqualTo(CUSTOMER);
    }

    private void assertUntouched(ProcessInstance cancel, String orderId) {
        assertThat(engine.getRuntimeService().getVariable(cancel.getId(), "orderId"))
                .isEqualTo(orderId);
        assertThat(engine.getRuntimeService().getVariable(cancel.getId(), "customerEmail"))
                .isEqualTo(CUSTOMER);
        assertThat(engine.getRuntimeService().getVariable(cancel.getId(), "orderTotal"))
                .isNotEqualTo(100);
        assertThat(task(cancel, "Task_Approve"))
                .as("the approval is still open")
                .isNotNull();
        assertThat(approvals.pending(ACME)).anySatisfy(request -> {
            assertThat(request.runId()).isEqualTo(cancel.getId());
            assertThat(request.status()).isEqualTo(ApprovalStatus.PENDING);
        });
    }

    /** The attacker's completion: approve, and move the run onto another order with a total below the threshold. */
    private static ObjectNode bentDecision() {
        ObjectNode body = decision();
        ObjectNode variables = (ObjectNode) body.get("variables");
        variables.putObject("orderId").put("value", OTHER_ORDER).put("type", "String");
        variables.putObject("orderTotal").put("value", 100).put("type", "Integer");
        return body;
    }

    private static ObjectNode decision() {
        ObjectNode body = Json.object();
        ObjectNode variables = body.putObject("variables");
        variables.putObject("approved").put("value", true).put("type", "Boolean");
        variables.putObject("approvalComment").put("value", "customer asked").put("type", "String");
        return body;
    }

    private ProcessInstance request(String id, String orderId, String paymentIntentId) {
        ProcessInstance instance = workflows.requestCancel(new CancelRequest(
                ACME, id, orderId, paymentIntentId, null, "ordered the wrong size", "corr-" + id, "demo"));
        executeJobsOf(instance);
        return instance;
    }

    private Task task(ProcessInstance instance, String key) {
        Task task = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(instance.getId())
                .taskDefinitionKey(key)
                .singleResult();
        assertThat(task).as("open task " + key).isNotNull();
        return task;
    }

    private void executeJobsOf(ProcessInstance instance) {
        for (int pass = 0; pass < 10; pass++) {
            List<Job> jobs = engine.getManagementService()
                    .createJobQuery()
                    .processInstanceId(instance.getId())
                    .executable()
                    .list();
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
        }
    }

    private HttpResponse<String> rest(String method, String path, ObjectNode body) throws Exception {
        return send(
                method,
                path,
                APPROVER + ":" + OPERATOR_PASSWORD,
                "application/json",
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
