package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.autobiz.inbox.EventProcessor;
import io.autobiz.inbox.ProviderEvent;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.resilience.CircuitBreakers;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.SendGridStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.PaymentFailureWorkflows.FailedPayment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WF02 on PostgreSQL, providers on WireMock, jobs and the wait's timer driven by the test clock: P1-T21 with its paid
 * during the wait, unpaid at the deadline, above the store's cancel threshold (approve, deny, timeout) and provider
 * failure paths.
 */
@WorkflowIT(approvers = PaymentFailureProcessIT.APPROVER, cleanUp = "payment-failure")
@IntegrationExternal
class PaymentFailureProcessIT {

    private static final TenantId ACME = TenantId.of("acme");
    static final String APPROVER = "cancelapprover";
    private static final String PAYMENT_PATTERN = "/stripe/v1/payment_intents/pi_3Qfail[0-9]*";
    /**
     * Each test's failure is about its own order and payment: one order is cancelled once, and one mail per payment is
     * sent once, so a second test on the same order would rightly be replayed by the kernel's idempotency.
     */
    private static final AtomicLong ORDERS = new AtomicLong(3000);

    @Autowired
    CircuitBreakers breakers;

    /**
     * A test whose provider answers 503 several times opens that provider's breaker, which every later test of the
     * class (one context) would find open; each test starts with closed breakers.
     */
    @AfterEach
    void closeBreakers() {
        for (String dependency : breakers.states().keySet()) {
            breakers.reset(dependency, "PaymentFailureProcessIT");
        }
    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    WireMockServer providers;

    @Autowired
    PaymentFailureWorkflows workflows;

    @Autowired
    WorkflowEventCorrelator correlator;

    @Autowired
    Approvals approvals;

    @Autowired
    JdbcReceipts receipts;

    /** The order of the test's failed payment. */
    private String order;

    @BeforeEach
    void stubProvidersAndApprover() {
        providers.stubFor(ShopifyStubs.order(1001, "PENDING"));
        stubPayment("requires_payment_method");
        providers.stubFor(ShopifyStubs.orderCancelled("42"));
        providers.stubFor(SendGridStubs.accepted("msg-it-wf02"));
    }

    @Test
    @DisplayName("P1-T21 WF02 a Stripe payment_failed event becomes PaymentFailed and starts WF02 for its order, with"
            + " the decline reason")
    void stripeEventStartsTheWorkflow() {
        String payload = """
                {"id":"evt_wf02start","object":"event","type":"payment_intent.payment_failed",
                 "data":{"object":{"id":"pi_3Qfail","object":"payment_intent","metadata":{"order_id":"1001"},
                   "last_payment_error":{"code":"card_declined","decline_code":"insufficient_funds",
                     "message":"Your card has insufficient funds."}}}}""";
        EventProcessor.PendingEvent event = new EventProcessor.PendingEvent(
                ACME,
                "ev-wf02-start",
                "stripe",
                "evt_wf02start",
                "payment_intent.payment_failed",
                "acme:order:1001",
                WorkflowMessage.PAYMENT_FAILED,
                // What StripeWebhook reads from the payload at ingress.
                new ProviderEvent.PaymentFailed(
                        "pi_3Qfail",
                        "gid://shopify/Order/1001",
                        "insufficient_funds",
                        "Your card has insufficient funds."),
                payload,
                "corr-wf02-event",
                Instant.now(),
                null,
                false,
                false);

        assertThat(correlator.canDeliver(event)).isTrue();
        assertThat(correlator.deliver(event)).isEqualTo(EventProcessor.Delivery.DELIVERED);

        ProcessInstance instance = engine.getRuntimeService()
                .createProcessInstanceQuery()
                .processDefinitionKey("payment-failure")
                .processInstanceBusinessKey("gid://shopify/Order/1001")
                .singleResult();
        assertThat(instance).isWaitingAt("Task_GetPayment");
        assertThat(instance.getTenantId()).isEqualTo("acme");
        assertThat(instance)
                .variables()
                .containsEntry("paymentIntentId", "pi_3Qfail")
                .containsEntry("failureCode", "insufficient_funds")
                .containsEntry("failureMessage", "Your card has insufficient funds.");
    }

    @Test
    @DisplayName("P1-T21 WF02 paid during the wait: the customer gets a pay-again mail with the retry link, the order"
            + " is paid, the wait ends and nothing is cancelled")
    void paidDuringTheWait() {
        ProcessInstance failure = startAndMail("corr-wf02-paid");

        assertThat(workflows.orderPaid(ACME, order)).isEqualTo(1);

        assertThat(failure).isEnded().hasPassed("Catch_PaymentRecovered", "End_Recovered");
        providers.verify(
                1,
                SendGridStubs.mailsOf("d-test-payment-failed")
                        .withRequestBody(containing("https://acme-test.myshopify.com/account"))
                        .withRequestBody(containing("insufficient funds")));
        providers.verify(0, cancelRequests());
        assertThat(engine.getManagementService()
                        .createJobQuery()
                        .processInstanceId(failure.getId())
                        .count())
                .as("the wait's timer went with the instance")
                .isZero();
    }

    @Test
    @DisplayName("P1-T21 WF02 the wait runs out and Stripe still says unpaid: a 25.00 order (below the store's 50.00"
            + " rule) is cancelled in Shopify without asking, with a receipt, and the customer is told")
    void unpaidAtTheDeadlineIsCancelled() {
        ProcessInstance failure = startAndMail("corr-wf02-unpaid");

        fireTimer(failure, "Catch_WaitOver");
        assertThat(failure).isWaitingAt("Task_RecheckPayment");
        execute(job());
        assertThat(failure).hasPassed("Task_CheckApproval").isWaitingAt("Task_CancelOrder");
        assertThat(failure).variables().containsEntry("approvalRequired", false);
        execute(job());
        assertThat(failure).isWaitingAt("Task_MailCancelled");
        execute(job());

        assertThat(failure).isEnded().hasPassed("End_Cancelled").hasNotPassed("Task_Approve");
        providers.verify(
                1,
                cancelRequests()
                        .withRequestBody(matchingJsonPath("$.variables.orderId", equalTo(order)))
                        .withRequestBody(matchingJsonPath("$.variables.reason", equalTo("DECLINED"))));
        providers.verify(1, SendGridStubs.mailsOf("d-test-order-cancelled"));
        assertThat(receiptTools(failure)).contains("shopify.order.cancel@1");
        assertThat(approvals.pending(ACME)).noneMatch(r -> r.runId().equals(failure.getId()));
    }

    @Test
    @DisplayName("P1-T21 WF02 paid late: the payment succeeded but its event never arrived; the deadline's fresh read"
            + " of Stripe sees it and nothing is cancelled")
    void paidLateIsSeenAtTheDeadline() {
        ProcessInstance failure = startAndMail("corr-wf02-late");
        stubPayment("succeeded");

        fireTimer(failure, "Catch_WaitOver");
        execute(job());

        assertThat(failure).isEnded().hasPassed("End_PaidLate");
        providers.verify(0, cancelRequests());
    }

    @Test
    @DisplayName("P1-T21 WF02 above the threshold, approved: a 120.00 order is cancelled only after an approver of the"
            + " store approves exactly that cancellation")
    void aboveThresholdApproved() {
        providers.stubFor(ShopifyStubs.order(1001, "PENDING", "120.00"));
        ProcessInstance failure = unpaidAtDeadline("corr-wf02-approve");

        assertThat(failure).isWaitingAt("Task_Approve");
        providers.verify(0, cancelRequests());
        decide(failure, true);
        assertThat(failure).isWaitingAt("Task_CancelOrder");
        execute(job());
        execute(job());

        assertThat(failure).isEnded().hasPassed("End_Cancelled");
        providers.verify(1, cancelRequests());
        ApprovalRequest approval = approvalOf(failure);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approval.tool().toString()).isEqualTo("shopify.order.cancel@1");
        assertThat(approval.amount()).contains(12_000L);
        assertThat(approval.approverId()).isEqualTo(APPROVER);
        assertThat(receiptTools(failure)).contains("shopify.order.cancel@1");
    }

    @Test
    @DisplayName("P1-T21 WF02 above the threshold, denied: the order is kept and the store's people get a follow-up"
            + " task")
    void aboveThresholdDenied() {
        providers.stubFor(ShopifyStubs.order(1001, "PENDING", "120.00"));
        ProcessInstance failure = unpaidAtDeadline("corr-wf02-deny");

        decide(failure, false);

        assertThat(failure).isWaitingAt("Task_FollowUp");
        Task followUp = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(failure.getId())
                .singleResult();
        assertThat(engine.getTaskService().getIdentityLinksForTask(followUp.getId()))
                .anyMatch(link -> "acme-approvers".equals(link.getGroupId()));
        engine.getTaskService().complete(followUp.getId());
        assertThat(failure).isEnded().hasPassed("End_Kept").hasNotPassed("Task_CancelOrder");
        providers.verify(0, cancelRequests());
        assertThat(approvalOf(failure).status()).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    @DisplayName("P1-T21 WF02 above the threshold, no decision within the rule's 24 h: the approval times out, the"
            + " order is kept and the store's people get a follow-up task")
    void aboveThresholdTimesOut() {
        providers.stubFor(ShopifyStubs.order(1001, "PENDING", "120.00"));
        ProcessInstance failure = unpaidAtDeadline("corr-wf02-timeout");

        fireTimer(failure, "Timer_ApprovalTimeout");

        assertThat(failure).isWaitingAt("Task_FollowUp");
        providers.verify(0, cancelRequests());
        assertThat(approvalOf(failure).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
    }

    @Test
    @DisplayName("P1-T21 WF02 Shopify fails the cancellation: the job is retried, and when the retries run out an"
            + " incident waits for an operator; the customer is not told of a cancellation that did not happen")
    void providerFailureBecomesAnIncident() {
        providers.stubFor(shopifyCancel().atPriority(1).willReturn(aResponse().withStatus(503)));
        ProcessInstance failure = startAndMail("corr-wf02-outage");
        fireTimer(failure, "Catch_WaitOver");
        execute(job());
        assertThat(failure).isWaitingAt("Task_CancelOrder");

        assertThatThrownBy(() -> execute(job())).isNotNull();
        Job cancel = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(failure.getId())
                .singleResult();
        assertThat(cancel.getRetries()).as("a provider outage is retried (R5)").isEqualTo(4);
        engine.getManagementService().setJobRetries(cancel.getId(), 1);
        assertThatThrownBy(() -> engine.getManagementService().executeJob(cancel.getId()))
                .isNotNull();

        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(failure.getId())
                        .count())
                .isEqualTo(1);
        assertThat(failure).isWaitingAt("Task_CancelOrder");
        providers.verify(0, SendGridStubs.mailsOf("d-test-order-cancelled"));
    }

    @Test
    @DisplayName("P1-T21 WF02 Stripe has no such PaymentIntent (HTTP 404): the run ends 'Nothing to recover: no such"
            + " payment in Stripe'; no mail, nothing cancelled, no write to any provider, no incident")
    void paymentNotFoundEndsTheRun() {
        providers.stubFor(StripeStubs.paymentNotFound("pi_3Qfail[0-9]*"));
        ProcessInstance failure = start("corr-wf02-no-payment");
        execute(job());

        assertThat(failure)
                .isEnded()
                .hasPassed("Error_PaymentNotFound", "End_PaymentNotFound")
                .hasNotPassed("Task_GetOrder", "Task_MailRetry");
        assertNoWritesAndNoIncident(failure);
    }

    @Test
    @DisplayName("P1-T21 WF02 Shopify has no such order: the run ends 'Nothing to recover: no such order in Shopify';"
            + " no mail, nothing cancelled, no write to any provider, no incident")
    void orderNotFoundEndsTheRun() {
        providers.stubFor(ShopifyStubs.orderNotFound());
        ProcessInstance failure = start("corr-wf02-no-order");
        execute(job());

        assertThat(failure)
                .isEnded()
                .hasPassed("Error_OrderNotFound", "End_OrderNotFound")
                .hasNotPassed("Task_MailRetry");
        assertNoWritesAndNoIncident(failure);
    }

    @Test
    @DisplayName("P1-T21 WF02 the PaymentIntent is gone when the wait is over (HTTP 404): the order is kept, not"
            + " cancelled, and the store's people get the follow-up task; no write after the pay-again mail")
    void paymentGoneAfterTheWaitKeepsTheOrder() {
        ProcessInstance failure = startAndMail("corr-wf02-payment-gone");
        providers.stubFor(StripeStubs.paymentNotFound("pi_3Qfail[0-9]*"));

        fireTimer(failure, "Catch_WaitOver");
        execute(job());

        assertThat(failure)
                .hasPassed("Error_PaymentGone")
                .hasNotPassed("Task_CheckApproval", "Task_CancelOrder")
                .isWaitingAt("Task_FollowUp");
        assertThat(ProviderStubs.writes(providers))
                .as("only the pay-again mail reached a provider")
                .containsExactly("POST /sendgrid/v3/mail/send");
        EngineSteps.completeAs(engine, APPROVER, ACME, EngineSteps.task(engine, failure, "Task_FollowUp"), Map.of());
        assertThat(failure).isEnded().hasPassed("End_Kept");
        providers.verify(0, cancelRequests());
        assertNoWritesAndNoIncident(failure, "POST /sendgrid/v3/mail/send");
    }

    private void assertNoWritesAndNoIncident(ProcessInstance failure, String... expectedWrites) {
        assertThat(ProviderStubs.writes(providers))
                .as("requests that could change a provider")
                .containsExactly(expectedWrites);
        EngineSteps.assertNoIncident(engine, failure);
    }

    /** A failed payment of an order of its own, waiting at its first task. */
    @Test
    @DisplayName("P1-T08 SOAK-INV-03 WF02 a job the engine runs again repeats its payment read: Shopify failing the"
            + " order read three times (the job rolled back each time) is no loop; once Shopify answers the run goes on"
            + " without LOOP_DETECTED")
    void rerunJobsAreNoLoop() {
        ProcessInstance failure = start("corr-wf02-rerun");
        StubMapping down = providers.stubFor(ShopifyStubs.operation("AutoBizOrderGet")
                .atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"errors\":\"unavailable\"}")));
        for (int attempt = 0; attempt < 3; attempt++) {
            Job payment = job();
            engine.getManagementService().setJobRetries(payment.getId(), 3);
            assertThatThrownBy(() -> execute(payment)).hasMessageContaining("PROVIDER_UNAVAILABLE");
        }
        providers.removeStub(down);

        execute(job());

        assertThat(failure).isWaitingAt("Task_MailRetry");
        EngineSteps.assertNoIncident(engine, failure);
    }

    private ProcessInstance start(String correlationId) {
        long number = ORDERS.incrementAndGet();
        order = ShopifyStubs.gid(number);
        ProcessInstance instance = workflows.paymentFailed(new FailedPayment(
                ACME,
                "pi_3Qfail" + number,
                order,
                "insufficient_funds",
                "Your card has insufficient funds.",
                correlationId));
        assertThat(instance).isWaitingAt("Task_GetPayment");
        return instance;
    }

    private ProcessInstance startAndMail(String correlationId) {
        ProcessInstance instance = start(correlationId);
        execute(job());
        assertThat(instance).isWaitingAt("Task_MailRetry");
        execute(job());
        assertThat(instance).isWaitingAt("Gateway_Wait");
        return instance;
    }

    private ProcessInstance unpaidAtDeadline(String correlationId) {
        ProcessInstance instance = startAndMail(correlationId);
        fireTimer(instance, "Catch_WaitOver");
        execute(job());
        assertThat(instance).variables().containsEntry("approvalRequired", true);
        return instance;
    }

    /** Moves the test clock past the timer's due date and fires it; nothing sleeps. */
    private void fireTimer(ProcessInstance instance, String activityId) {
        EngineSteps.fireTimer(engine, instance, activityId);
    }

    private void stubPayment(String status) {
        providers.stubFor(get(urlPathMatching(PAYMENT_PATTERN))
                .willReturn(okJson(StripeStubs.paymentIntentJson("pi_3Qfail", 2500, 0, 0, status, null))));
    }

    private static MappingBuilder shopifyCancel() {
        return ShopifyStubs.operation("AutoBizOrderCancel");
    }

    private static RequestPatternBuilder cancelRequests() {
        return ShopifyStubs.requested("AutoBizOrderCancel");
    }

    /** As Tasklist does it: the approver is the authenticated user, in the store's group and tenant. */
    private void decide(ProcessInstance instance, boolean approve) {
        EngineSteps.decide(engine, instance, "Task_Approve", APPROVER, ACME, approve, "checked the order");
    }

    private ApprovalRequest approvalOf(ProcessInstance instance) {
        return EngineSteps.approvalOf(engine, approvals, ACME, instance);
    }

    /** The tools whose receipts this run wrote, in the store's chain order. */
    private List<String> receiptTools(ProcessInstance instance) {
        return receipts.chain(ACME).stream()
                .filter(receipt -> receipt.executionId().equals(instance.getId()))
                .map(Receipt::tool)
                .toList();
    }
}
