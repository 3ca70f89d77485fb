package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.hitl.ApprovalRefusedException;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProvisioning;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.autobiz.workflows.RefundWorkflows.RefundRequest;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * WF03 on PostgreSQL, providers on WireMock, jobs driven by the test, the approval decided by an authenticated
 * approver of the store as Tasklist would: P1-T22 with its approve, deny, timeout and not-refundable paths.
 */
@SpringBootTest
@ActiveProfiles({"postgres", "it"})
@IntegrationExternal
class RefundProcessIT {

    private static final TestDatabase DATABASE = TestPostgres.newDatabase();
    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    private static final TenantId ACME = TenantId.of("acme");
    private static final String APPROVER = "refundapprover";
    private static final String SECOND_APPROVER = "refundapprover2";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        ProviderStubs.properties(PROVIDERS).forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.stop();
    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    RefundWorkflows refunds;

    @Autowired
    Approvals approvals;

    @BeforeEach
    void stubProvidersAndApprover() {
        BpmnAwareTests.init(engine);
        PROVIDERS.resetAll();
        ProviderStubs.stubShopifyOrder(PROVIDERS, 1001, "PAID");
        PROVIDERS.stubFor(
                get(urlPathEqualTo("/stripe/v1/payment_intents/pi_3Q0abc")).willReturn(okJson("""
                {"id":"pi_3Q0abc","object":"payment_intent","amount":2500,"amount_capturable":0,
                 "amount_received":2500,"capture_method":"manual","currency":"usd","livemode":false,
                 "status":"succeeded"}""")));
        PROVIDERS.stubFor(post(urlEqualTo("/stripe/v1/refunds")).willReturn(okJson("""
                {"id":"re_3Q0refund","object":"refund","amount":1500,"currency":"usd","payment_intent":"pi_3Q0abc",
                 "status":"succeeded"}""")));
        PROVIDERS.stubFor(post(urlEqualTo("/shopify/admin/api/2025-10/graphql.json"))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizRefundCreate")))
                .willReturn(okJson("""
                        {"data":{"refundCreate":{"refund":{"id":"gid://shopify/Refund/9001",
                          "totalRefundedSet":{"shopMoney":{"amount":"15.00","currencyCode":"USD"}}},"userErrors":[]}},
                         "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""")));
        PROVIDERS.stubFor(post(urlEqualTo("/sendgrid/v3/mail/send"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Message-Id", "msg-it-refund")));
        var identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(SECOND_APPROVER).count() == 0) {
            User second = identity.newUser(SECOND_APPROVER);
            second.setPassword("Test-only-Passw0rd!");
            identity.saveUser(second);
            identity.createMembership(SECOND_APPROVER, TenantProvisioning.approversGroup("acme"));
        }
        if (identity.createUserQuery().userId(APPROVER).count() == 0) {
            User approver = identity.newUser(APPROVER);
            approver.setPassword("Test-only-Passw0rd!");
            identity.saveUser(approver);
            identity.createMembership(APPROVER, TenantProvisioning.approversGroup("acme"));
        }
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    @DisplayName("P1-T22 WF03 approved: the refund waits for an approver, then Stripe refunds exactly the approved"
            + " amount once, Shopify records it, and the customer is told")
    void approvedRefund() {
        ProcessInstance refund = request("rr-approved", 1500);

        assertThat(refund).isWaitingAt("Task_Approve");
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .as("no money moved before the decision")
                .isEmpty();
        decide(refund, true);

        assertThat(refund).isWaitingAt("Task_StripeRefund");
        execute(job());
        assertThat(refund)
                .isWaitingAt("Task_ShopifyRefund")
                .variables()
                .containsEntry("stripeRefundId", "re_3Q0refund");
        execute(job());
        execute(job());
        assertThat(refund).isEnded().hasPassed("End_Refunded");

        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/stripe/v1/refunds"))
                        .withRequestBody(containing("amount=1500"))
                        .withRequestBody(containing("payment_intent=pi_3Q0abc")));
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/sendgrid/v3/mail/send"))
                        .withRequestBody(containing("d-test-refund-issued")));
        ApprovalRequest approval = approvalOf(refund);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approval.approverId()).isEqualTo(APPROVER);
        assertThat(approval.amount()).contains(1500L);
    }

    @Test
    @DisplayName("P1-T22 WF03 denied: nothing is refunded in Stripe or recorded in Shopify")
    void deniedRefund() {
        ProcessInstance refund = request("rr-denied", 1500);

        decide(refund, false);

        assertThat(refund).isEnded().hasPassed("End_Denied");
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .isEmpty();
        assertThat(approvalOf(refund).status()).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    @DisplayName("P1-T17 WF03 approval timeout (the store's rule: 24 h) fails the refund: the customer is told it is"
            + " not decided, nothing is refunded")
    void approvalTimesOut() {
        ProcessInstance refund = request("rr-timeout", 1500);
        Job timer = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(refund.getId())
                .timers()
                .singleResult();

        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
        engine.getManagementService().executeJob(timer.getId());
        assertThat(refund).isWaitingAt("Task_MailDelayed");
        execute(job());

        assertThat(refund).isEnded().hasPassed("End_ApprovalTimedOut");
        assertThat(approvalOf(refund).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .isEmpty();
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/sendgrid/v3/mail/send"))
                        .withRequestBody(containing("d-test-approval-timed-out")));
    }

    @Test
    @DisplayName("P1-T22 WF03 a refund larger than the captured payment is not put up for approval at all")
    void notRefundable() {
        ProcessInstance refund = request("rr-too-much", 99_00);

        assertThat(refund).isEnded().hasPassed("End_NotEligible");
        assertThat(approvals.pending(ACME)).noneMatch(r -> r.runId().equals(refund.getId()));
    }

    @Test
    @DisplayName("P1-T07-NEG-changed-amount WF03: an amount changed after the approval is refused by the kernel and"
            + " ends on its own path; Stripe is never called")
    void amountChangedAfterApproval() {
        ProcessInstance refund = request("rr-tampered", 1500);
        decide(refund, true);

        engine.getRuntimeService().setVariable(refund.getId(), "amount", 2500L);
        execute(job());

        assertThat(refund).isEnded().hasPassed("End_Refused");
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T22 attack: the approver who asked for a refund cannot approve it (SELF_APPROVAL); the request"
            + " stays open until another approver decides, and only then is Stripe called")
    void requesterCannotApproveOwnRefund() {
        ProcessInstance refund = request("rr-self", 1500, APPROVER);
        assertThat(approvalOf(refund).requestedBy()).isEqualTo(APPROVER);

        assertThatThrownBy(() -> decide(refund, true))
                .hasRootCauseInstanceOf(ApprovalRefusedException.class)
                .rootCause()
                .asInstanceOf(type(ApprovalRefusedException.class))
                .extracting(ApprovalRefusedException::reason)
                .isEqualTo(ApprovalRefusedException.Reason.SELF_APPROVAL);
        assertThat(refund).isWaitingAt("Task_Approve");
        assertThat(approvalOf(refund).status()).isEqualTo(ApprovalStatus.PENDING);

        EngineSteps.decide(engine, refund, "Task_Approve", SECOND_APPROVER, ACME, true, "checked for a colleague");
        execute(job());
        assertThat(approvalOf(refund).approverId()).isEqualTo(SECOND_APPROVER);
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/stripe/v1/refunds")));
    }

    @Test
    @DisplayName("P1-T22 WF03 Shopify has no such order: the run ends 'Not refunded: no such order in Shopify' before"
            + " any approval is asked for; no write to any provider, no incident")
    void orderNotFoundIsNotRefunded() {
        ProviderStubs.stubShopifyOrderNotFound(PROVIDERS);
        ProcessInstance refund = request("rr-no-order", 1500);

        assertThat(refund)
                .isEnded()
                .hasPassed("Error_OrderNotFound", "End_OrderNotFound")
                .hasNotPassed("Task_GetPayment", "Task_RequestApproval");
        assertNoWritesAndNoIncident(refund);
    }

    @Test
    @DisplayName("P1-T22 WF03 Stripe has no such PaymentIntent (HTTP 404): the run ends 'Not refunded: no such payment"
            + " in Stripe' before any approval is asked for; no write to any provider, no incident")
    void paymentNotFoundIsNotRefunded() {
        ProviderStubs.stubStripePaymentNotFound(PROVIDERS, "pi_3Q0abc");
        ProcessInstance refund = request("rr-no-payment", 1500);

        assertThat(refund)
                .isEnded()
                .hasPassed("Error_PaymentNotFound", "End_PaymentNotFound")
                .hasNotPassed("Task_RequestApproval");
        assertNoWritesAndNoIncident(refund);
    }

    private void assertNoWritesAndNoIncident(ProcessInstance refund) {
        assertThat(ProviderStubs.writes(PROVIDERS))
                .as("requests that could change a provider")
                .isEmpty();
        assertThat(engine.getHistoryService()
                        .createHistoricIncidentQuery()
                        .processInstanceId(refund.getId())
                        .count())
                .as("no incident for an operator")
                .isZero();
    }

    private ProcessInstance request(String id, long amount) {
        return request(id, amount, "demo");
    }

    private ProcessInstance request(String id, long amount, String requestedBy) {
        ProcessInstance instance = refunds.requestRefund(new RefundRequest(
                ACME,
                id,
                "gid://shopify/Order/1001",
                "pi_3Q0abc",
                amount,
                "USD",
                "arrived damaged",
                "corr-" + id,
                requestedBy));
        assertThat(instance).isWaitingAt("Task_GetOrder");
        execute(job());
        return instance;
    }

    /** As Tasklist does it: the approver is the authenticated user, in the store's group and tenant. */
    private void decide(ProcessInstance refund, boolean approve) {
        EngineSteps.decide(engine, refund, "Task_Approve", APPROVER, ACME, approve, "checked the photos");
    }

    private ApprovalRequest approvalOf(ProcessInstance refund) {
        return EngineSteps.approvalOf(engine, approvals, ACME, refund);
    }
}
