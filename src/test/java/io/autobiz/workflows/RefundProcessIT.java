package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.SendGridStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.RefundWorkflows.RefundRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WF03 on PostgreSQL, providers on WireMock, jobs driven by the test, the approval decided by an authenticated
 * approver of the store as Tasklist would: P1-T22 with its approve, deny, timeout and not-refundable paths.
 */
@WorkflowIT(approvers = {RefundProcessIT.APPROVER, RefundProcessIT.SECOND_APPROVER})
@IntegrationExternal
class RefundProcessIT {

    private static final TenantId ACME = TenantId.of("acme");
    static final String APPROVER = "refundapprover";
    static final String SECOND_APPROVER = "refundapprover2";

    @Autowired
    ProcessEngine engine;

    @Autowired
    RefundWorkflows refunds;

    @Autowired
    Approvals approvals;

    @Autowired
    WireMockServer providers;

    @BeforeEach
    void stubProviders() {
        providers.stubFor(ShopifyStubs.order(1001, "PAID"));
        providers.stubFor(StripeStubs.succeeded("pi_3Q0abc", 2500));
        providers.stubFor(StripeStubs.refunded("re_3Q0refund", 1500, "pi_3Q0abc"));
        providers.stubFor(ShopifyStubs.refundCreated(9001, "15.00"));
        providers.stubFor(SendGridStubs.accepted("msg-it-refund"));
    }

    @Test
    @DisplayName("P1-T22 WF03 the refund a person approved is not queued behind bulk work: its job carries a"
            + " priority above the default and the engine acquires jobs by priority")
    void approvedRefundOvertakesBulkWork() {
        ProcessInstance refund = request("rr-priority", 1500);
        assertThat(refund).isWaitingAt("Task_Approve");
        decide(refund, true);

        assertThat(refund).isWaitingAt("Task_StripeRefund");
        assertThat(job().getPriority()).isEqualTo(100L);
        execute(job());
        assertThat(refund).isWaitingAt("Task_ShopifyRefund");
        assertThat(job().getPriority())
                .as("recording it in Shopify is ordinary work again")
                .isZero();
        assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                        .isJobExecutorAcquireByPriority())
                .as("without acquisition by priority a job's priority is not looked at")
                .isTrue();
    }

    @Test
    @DisplayName("P1-T22 WF03 approved: the refund waits for an approver, then Stripe refunds exactly the approved"
            + " amount once, Shopify records it, and the customer is told")
    void approvedRefund() {
        ProcessInstance refund = request("rr-approved", 1500);

        assertThat(refund).isWaitingAt("Task_Approve");
        assertThat(providers.findAll(StripeStubs.refundRequests()))
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

        providers.verify(
                1,
                StripeStubs.refundRequests()
                        .withRequestBody(containing("amount=1500"))
                        .withRequestBody(containing("payment_intent=pi_3Q0abc")));
        providers.verify(1, SendGridStubs.mailsOf("d-test-refund-issued"));
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
        assertThat(providers.findAll(StripeStubs.refundRequests())).isEmpty();
        assertThat(approvalOf(refund).status()).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    @DisplayName("P1-T17 WF03 approval timeout (the store's rule: 24 h) fails the refund: the customer is told it is"
            + " not decided, nothing is refunded")
    void approvalTimesOut() {
        ProcessInstance refund = request("rr-timeout", 1500);

        EngineSteps.fireTimer(engine, refund);
        assertThat(refund).isWaitingAt("Task_MailDelayed");
        execute(job());

        assertThat(refund).isEnded().hasPassed("End_ApprovalTimedOut");
        assertThat(approvalOf(refund).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(providers.findAll(StripeStubs.refundRequests())).isEmpty();
        providers.verify(1, SendGridStubs.mailsOf("d-test-approval-timed-out"));
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
        assertThat(providers.findAll(StripeStubs.refundRequests())).isEmpty();
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
        providers.verify(1, StripeStubs.refundRequests());
    }

    @Test
    @DisplayName("P1-T22 WF03 Shopify has no such order: the run ends 'Not refunded: no such order in Shopify' before"
            + " any approval is asked for; no write to any provider, no incident")
    void orderNotFoundIsNotRefunded() {
        providers.stubFor(ShopifyStubs.orderNotFound());
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
        providers.stubFor(StripeStubs.paymentNotFound("pi_3Q0abc"));
        ProcessInstance refund = request("rr-no-payment", 1500);

        assertThat(refund)
                .isEnded()
                .hasPassed("Error_PaymentNotFound", "End_PaymentNotFound")
                .hasNotPassed("Task_RequestApproval");
        assertNoWritesAndNoIncident(refund);
    }

    private void assertNoWritesAndNoIncident(ProcessInstance refund) {
        assertThat(ProviderStubs.writes(providers))
                .as("requests that could change a provider")
                .isEmpty();
        EngineSteps.assertNoIncident(engine, refund);
    }

    private ProcessInstance request(String id, long amount) {
        return request(id, amount, "demo");
    }

    private ProcessInstance request(String id, long amount, String requestedBy) {
        ProcessInstance instance = refunds.requestRefund(new RefundRequest(
                ACME,
                id,
                ShopifyStubs.gid(1001),
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
