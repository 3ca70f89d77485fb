package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.autobiz.delegates.StopFulfilmentDelegate;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.PrintfulStubs;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.SendGridStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.OrderCancelWorkflows.CancelRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WF04 on PostgreSQL, providers on WireMock, jobs and approval timers driven by the test: P1-T24 with its void,
 * refund-after-approval (Printful cancelled first), deny, timeout, already-in-production, above-threshold and provider
 * failure paths.
 */
@WorkflowIT(
        approvers = OrderCancelProcessIT.APPROVER,
        cleanUp = {"order-cancel", "order-fulfill"})
@IntegrationExternal
class OrderCancelProcessIT {

    private static final TenantId ACME = TenantId.of("acme");
    static final String APPROVER = "wf04approver";
    private static final String GRAPHQL = ShopifyStubs.GRAPHQL;
    private static final String PAYMENT_PATTERN = "/stripe/v1/payment_intents/pi_3Qcancel[0-9]+";
    /**
     * Each test cancels its own order and payment: one order is cancelled once, and the kernel's idempotency would
     * rightly replay (or refuse) a second cancellation of the same order within its window.
     */
    private static final AtomicLong ORDERS = new AtomicLong(2000);

    private static final String PRINTFUL_ORDER = "/printful/v2/orders/[0-9]+";
    private static final boolean WITH_PRINTFUL = true;

    @Autowired
    ProcessEngine engine;

    @Autowired
    WireMockServer providers;

    @Autowired
    OrderCancelWorkflows workflows;

    @Autowired
    OrderWorkflows orders;

    @Autowired
    Approvals approvals;

    @Autowired
    JdbcReceipts receipts;

    @BeforeEach
    void stubProvidersAndApprover() {
        providers.stubFor(ShopifyStubs.order(1001, "PAID"));
        stubPayment("succeeded", 2500);
        stubPrintful("pending");
        providers.stubFor(post(urlPathMatching(PAYMENT_PATTERN + "/cancel"))
                .willReturn(okJson(StripeStubs.cancelledJson("pi_3Qcancel", 2500))));
        providers.stubFor(StripeStubs.refunded("re_3Qcancel", 2500, "pi_3Qcancel"));
        providers.stubFor(PrintfulStubs.orderCancelled(PRINTFUL_ORDER, 777001));
        providers.stubFor(ShopifyStubs.orderCancelled("43"));
        providers.stubFor(SendGridStubs.accepted("msg-it-wf04"));
    }

    @Test
    @DisplayName("P1-T24 WF04 authorised, not captured: the authorisation is voided (no approval: nothing is refunded"
            + " and 25.00 is below the store's rule), then the order is cancelled in Shopify and the customer told")
    void voidPath() {
        stubPayment("requires_capture", 0);
        ProcessInstance cancel = request("cr-void", !WITH_PRINTFUL);

        assertThat(cancel).isWaitingAt("Task_Void");
        execute(job());
        assertThat(cancel).isWaitingAt("Task_CancelShopify");
        execute(job());
        assertThat(cancel).isWaitingAt("Task_StopFulfilment");
        execute(job());
        execute(job());

        assertThat(cancel).isEnded().hasPassed("End_Cancelled").hasNotPassed("Task_Approve", "Task_ApproveRefund");
        providers.verify(1, postRequestedFor(urlPathMatching(PAYMENT_PATTERN + "/cancel")));
        providers.verify(0, StripeStubs.refundRequests());
        providers.verify(
                1, cancelRequests().withRequestBody(matchingJsonPath("$.variables.reason", equalTo("CUSTOMER"))));
        providers.verify(1, SendGridStubs.mailsOf("d-test-order-cancelled"));
        assertThat(receiptTools(cancel)).containsExactly("stripe.payment.void@1", "shopify.order.cancel@1");
    }

    @Test
    @DisplayName("P1-T24 SOAK-INV-03 WF04 the fulfilment captured the payment between the read and the void (Stripe"
            + " refuses the void: payment_intent_unexpected_state): no incident; the payment is read again and the"
            + " captured money takes the refund path, which waits for an approver")
    void voidRefusedAfterCaptureTakesTheRefundPath() {
        stubPayment("requires_capture", 0);
        ProcessInstance cancel = request("cr-void-raced", !WITH_PRINTFUL);
        assertThat(cancel).isWaitingAt("Task_Void");
        stubVoidRefused();
        stubPayment("succeeded", 2500);

        execute(job());
        assertThat(cancel).hasPassed("Error_VoidRefused").isWaitingAt("Task_PaymentAfterVoidRefused");
        execute(job());

        assertThat(cancel).isWaitingAt("Task_ApproveRefund");
        EngineSteps.assertNoIncident(engine, cancel);
        providers.verify(0, StripeStubs.refundRequests());
        providers.verify(0, cancelRequests());
        decide(cancel, "Task_ApproveRefund", true);
        execute(job());
        assertThat(cancel).isWaitingAt("Task_CancelShopify");
        execute(job());
        execute(job());
        execute(job());
        assertThat(cancel).isEnded().hasPassed("End_Cancelled");
        providers.verify(1, StripeStubs.refundRequests().withRequestBody(containing("amount=2500")));
        EngineSteps.assertNoIncident(engine, cancel);
    }

    @Test
    @DisplayName("P1-T24 SOAK-INV-03 WF04 Stripe refuses the void and the payment read again is not captured: no"
            + " incident, nothing refunded or cancelled; the store's people get 'Check the order's payment'")
    void voidRefusedWithoutCaptureIsHandedToAPerson() {
        stubPayment("requires_capture", 0);
        ProcessInstance cancel = request("cr-void-refused", !WITH_PRINTFUL);
        stubVoidRefused();

        execute(job());
        execute(job());

        assertThat(cancel).hasPassed("Error_VoidRefused").isWaitingAt("Task_CheckPayment");
        EngineSteps.assertNoIncident(engine, cancel);
        providers.verify(0, StripeStubs.refundRequests());
        providers.verify(0, cancelRequests());
        Task check = EngineSteps.task(engine, cancel, "Task_CheckPayment");
        EngineSteps.completeAs(engine, APPROVER, ACME, check, Map.of());
        assertThat(cancel).isEnded().hasPassed("End_PaymentNotFound");
    }

    private void stubVoidRefused() {
        providers.stubFor(post(urlPathMatching(PAYMENT_PATTERN + "/cancel"))
                .atPriority(1)
                .willReturn(StripeStubs.error(400, """
                        {"error":{"type":"invalid_request_error","code":"payment_intent_unexpected_state",
                         "message":"You cannot cancel this PaymentIntent because it has a status of succeeded."}}""")));
    }

    @Test
    @DisplayName("P1-T24 WF04 started as an integration does over REST, without the optional printfulOrderId (the"
            + " start declaration allows leaving it out): the run takes the no-Printful branch, no incident")
    void startWithoutPrintfulOrderId() {
        stubPayment("requires_capture", 0);
        long order = ORDERS.incrementAndGet();
        ProcessInstance cancel = startedOverRest("cr-rest-no-printful", order, null);
        assertThat(cancel).isWaitingAt("Task_GetOrder");
        execute(job());

        assertThat(cancel).hasNotPassed("Task_GetPrintful").isWaitingAt("Task_Void");
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(cancel.getId())
                        .count())
                .isZero();
        providers.verify(0, getRequestedFor(urlPathMatching("/printful/.*")));
    }

    @Test
    @DisplayName("P1-T24 WF04 started over REST without printfulOrderId while the order's WF01 run has placed its"
            + " Printful order: WF04 finds that order and checks it at Printful instead of taking the no-Printful"
            + " branch (the soak's orders refunded in full whose goods Printful then shipped)")
    void startWithoutPrintfulOrderIdFindsTheOneWf01Placed() {
        stubPayment("requires_capture", 0);
        providers.stubFor(PrintfulStubs.notFound(PRINTFUL_ORDER));
        long order = ORDERS.incrementAndGet();
        long printfulOrder = 91_000_000L + order;
        fulfilmentAwaitingShipment(order, printfulOrder);

        ProcessInstance cancel = startedOverRest("cr-rest-wf01-printful", order, null);
        assertThat(cancel).isWaitingAt("Task_GetOrder");
        execute(job());

        assertThat(cancel).hasPassed("Task_GetPrintful");
        providers.verify(1, getRequestedFor(urlPathEqualTo("/printful/v2/orders/" + printfulOrder)));
    }

    @Test
    @DisplayName("P1-T24 SOAK-INV-02 WF04 started over REST without printfulOrderId before the order's WF01 run placed"
            + " its Printful order: when the refund is approved WF04 looks again, finds the order WF01 placed meanwhile"
            + " and cancels it at Printful before any money goes back")
    void aPrintfulOrderPlacedAfterTheFirstLookIsCancelledBeforeTheRefund() {
        stubPayment("succeeded", 2500);
        long order = ORDERS.incrementAndGet();
        long printfulOrder = 93_000_000L + order;
        ProcessInstance cancel = startedOverRest("cr-rest-late-printful", order, null);
        assertThat(cancel).isWaitingAt("Task_GetOrder");
        execute(job());
        assertThat(cancel).hasNotPassed("Task_GetPrintful").isWaitingAt("Task_ApproveRefund");

        fulfilmentAwaitingShipment(order, printfulOrder);
        decide(cancel, "Task_ApproveRefund", true);

        assertThat(cancel).isWaitingAt("Task_CancelPrintful");
        execute(job());
        assertThat(cancel).isWaitingAt("Task_Refund");
        providers.verify(1, deleteRequestedFor(urlPathEqualTo("/printful/v2/orders/" + printfulOrder)));
        providers.verify(0, StripeStubs.refundRequests());
    }

    @Test
    @DisplayName(
            "P1-T24 WF04 started with a printfulOrderId of its own keeps it: the Printful order the order's WF01 run"
                    + " placed does not replace the one the caller named")
    void namedPrintfulOrderIsKept() {
        stubPayment("requires_capture", 0);
        providers.stubFor(PrintfulStubs.notFound(PRINTFUL_ORDER));
        long order = ORDERS.incrementAndGet();
        long placedByWf01 = 91_000_000L + order;
        long named = 92_000_000L + order;
        fulfilmentAwaitingShipment(order, placedByWf01);

        ProcessInstance cancel = startedOverRest("cr-rest-named-printful", order, named);
        assertThat(cancel).isWaitingAt("Task_GetOrder");
        execute(job());

        assertThat(cancel).hasPassed("Task_GetPrintful");
        providers.verify(1, getRequestedFor(urlPathEqualTo("/printful/v2/orders/" + named)));
        providers.verify(0, getRequestedFor(urlPathEqualTo("/printful/v2/orders/" + placedByWf01)));
    }

    @Test
    @DisplayName("P1-T24 WF04 the Printful order is gone (HTTP 404): the cancellation goes on as without a Printful"
            + " order (voided, cancelled in Shopify, customer told), nothing is sent to Printful, no incident")
    void printfulOrderGoneIsTheNoPrintfulBranch() {
        stubPayment("requires_capture", 0);
        providers.stubFor(PrintfulStubs.notFound(PRINTFUL_ORDER));
        ProcessInstance cancel = request("cr-printful-gone", WITH_PRINTFUL);

        assertThat(cancel)
                .hasPassed("Error_PrintfulGone")
                .isWaitingAt("Task_Void")
                .variables()
                .containsEntry("printfulOrderId", null)
                .containsEntry("printfulCancellable", false);
        execute(job());
        execute(job());
        execute(job());
        execute(job());

        assertThat(cancel).isEnded().hasPassed("End_Cancelled").hasNotPassed("Task_FollowUpInProduction");
        providers.verify(1, getRequestedFor(urlPathMatching(PRINTFUL_ORDER)));
        providers.verify(0, deleteRequestedFor(urlPathMatching("/printful/.*")));
        providers.verify(1, postRequestedFor(urlPathMatching(PAYMENT_PATTERN + "/cancel")));
        providers.verify(1, cancelRequests());
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(cancel.getId())
                        .count())
                .isZero();
        assertThat(receiptTools(cancel)).containsExactly("stripe.payment.void@1", "shopify.order.cancel@1");
    }

    @Test
    @DisplayName("P1-T24 WF04 Shopify has no such order: the run ends 'Not cancelled: no such order in Shopify'; no"
            + " payment is read, nothing is written to any provider, no incident")
    void orderNotFoundIsNotCancelled() {
        providers.stubFor(ShopifyStubs.orderNotFound());
        ProcessInstance cancel = request("cr-no-order", WITH_PRINTFUL);

        assertThat(cancel)
                .isEnded()
                .hasPassed("Error_OrderNotFound", "End_OrderNotFound")
                .hasNotPassed("Task_GetPayment", "Task_GetPrintful");
        providers.verify(0, getRequestedFor(urlPathMatching(PAYMENT_PATTERN)));
        assertNoWritesAndNoIncident(cancel);
    }

    @Test
    @DisplayName("P1-T24 WF04 Stripe has no such PaymentIntent (HTTP 404): nothing is voided, refunded or cancelled;"
            + " the store's people get 'Check the order's payment', and the run ends 'Not cancelled'; no incident")
    void paymentNotFoundIsHandedToAPerson() {
        providers.stubFor(StripeStubs.paymentNotFound("pi_3Qcancel[0-9]+"));
        ProcessInstance cancel = request("cr-no-payment", WITH_PRINTFUL);

        assertThat(cancel)
                .hasPassed("Error_PaymentNotFound")
                .hasNotPassed("Task_GetPrintful", "Task_CheckApproval")
                .isWaitingAt("Task_CheckPayment");
        assertPaymentCheckHandedOver(cancel);
    }

    @Test
    @DisplayName("P1-T24 WF04 the PaymentIntent is gone when it is read again after the approval (HTTP 404): nothing"
            + " is voided or cancelled; the store's people get 'Check the order's payment'; no incident")
    void paymentGoneAfterTheApprovalIsHandedToAPerson() {
        providers.stubFor(ShopifyStubs.order(1001, "AUTHORIZED", "120.00"));
        stubPayment("requires_capture", 0);
        ProcessInstance cancel = request("cr-payment-gone", !WITH_PRINTFUL);
        assertThat(cancel).isWaitingAt("Task_Approve");
        providers.stubFor(StripeStubs.paymentNotFound("pi_3Qcancel[0-9]+"));

        decide(cancel, "Task_Approve", true);

        assertThat(cancel)
                .hasPassed("Task_RefreshPayment", "Error_PaymentGone")
                .hasNotPassed("Task_Void", "Task_CancelShopify")
                .isWaitingAt("Task_CheckPayment");
        assertPaymentCheckHandedOver(cancel);
    }

    /** The hand-over of a payment Stripe does not have: for the store's approvers; nothing moved before or after it. */
    private void assertPaymentCheckHandedOver(ProcessInstance cancel) {
        Task check = EngineSteps.task(engine, cancel, "Task_CheckPayment");
        assertThat(engine.getTaskService().getIdentityLinksForTask(check.getId()))
                .anyMatch(link -> "acme-approvers".equals(link.getGroupId()));
        assertNoWritesAndNoIncident(cancel);
        EngineSteps.completeAs(engine, APPROVER, ACME, check, Map.of());
        assertThat(cancel).isEnded().hasPassed("End_PaymentNotFound");
        assertNoWritesAndNoIncident(cancel);
    }

    private void assertNoWritesAndNoIncident(ProcessInstance cancel) {
        assertThat(ProviderStubs.writes(providers))
                .as("requests that could change a provider")
                .isEmpty();
        EngineSteps.assertNoIncident(engine, cancel);
    }

    @Test
    @DisplayName("P1-T24 WF04 captured: the refund waits for an approver; once approved the Printful order is cancelled"
            + " BEFORE Stripe refunds exactly the approved amount (FINANCIAL receipt), then Shopify cancels")
    void refundPathCancelsPrintfulFirst() {
        ProcessInstance cancel = request("cr-refund", WITH_PRINTFUL);

        assertThat(cancel).isWaitingAt("Task_ApproveRefund");
        providers.verify(0, deleteRequestedFor(urlPathMatching(PRINTFUL_ORDER)));
        providers.verify(0, StripeStubs.refundRequests());
        decide(cancel, "Task_ApproveRefund", true);

        assertThat(cancel).isWaitingAt("Task_CancelPrintful");
        execute(job());
        assertThat(cancel).isWaitingAt("Task_Refund");
        execute(job());
        assertThat(cancel).isWaitingAt("Task_CancelShopify").variables().containsEntry("stripeRefundId", "re_3Qcancel");
        execute(job());
        execute(job());
        execute(job());
        assertThat(cancel).isEnded().hasPassed("End_Cancelled");

        providers.verify(
                1,
                StripeStubs.refundRequests()
                        .withRequestBody(containing("amount=2500"))
                        .withRequestBody(containing("payment_intent=pi_3Qcancel")));
        assertThat(providerCallOrder())
                .as("Printful is cancelled before any money goes back, Shopify last")
                .containsSubsequence("DELETE /printful", "POST /stripe/v1/refunds", "POST " + GRAPHQL);
        assertThat(receiptTools(cancel))
                .containsExactly("printful.order.cancel@1", "stripe.refund.create@1", "shopify.order.cancel@1");
        Receipt refund = receiptsOf(cancel).stream()
                .filter(r -> r.tool().equals("stripe.refund.create@1"))
                .findFirst()
                .orElseThrow();
        assertThat(refund.amountMinor()).isEqualTo(2500L);
        ApprovalRequest approval = approvalOf(cancel);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approval.tool().toString()).isEqualTo("stripe.refund.create@1");
        assertThat(approval.approverId()).isEqualTo(APPROVER);
    }

    @Test
    @DisplayName("P1-T24 WF04 refund denied: nothing is cancelled at Printful or Shopify, nothing refunded; the store's"
            + " people get a follow-up task")
    void refundDenied() {
        ProcessInstance cancel = request("cr-deny", WITH_PRINTFUL);

        decide(cancel, "Task_ApproveRefund", false);

        assertThat(cancel).isWaitingAt("Task_FollowUpRefundNotApproved");
        assertNothingChanged();
        assertThat(approvalOf(cancel).status()).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    @DisplayName("P1-T24 WF04 FINANCIAL approval timeout (the rule's 24 h) fails the path: it never approves, nothing"
            + " is refunded or cancelled, a follow-up task is left")
    void refundApprovalTimesOut() {
        ProcessInstance cancel = request("cr-timeout", WITH_PRINTFUL);

        fireTimer(cancel, "Timer_RefundApprovalTimeout");

        assertThat(cancel).isWaitingAt("Task_FollowUpRefundNotApproved");
        assertNothingChanged();
        assertThat(approvalOf(cancel).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
    }

    @Test
    @DisplayName("P1-T24 WF04 Printful already in production: the cancellation is refused before anyone is asked;"
            + " nothing is voided, refunded or cancelled, and the store's people are told to inform the customer")
    void alreadyInProduction() {
        stubPrintful("inprocess");
        ProcessInstance cancel = request("cr-production", WITH_PRINTFUL);

        assertThat(cancel).isWaitingAt("Task_FollowUpInProduction");
        assertNothingChanged();
        providers.verify(0, postRequestedFor(urlPathMatching(PAYMENT_PATTERN + "/cancel")));
        assertThat(approvals.pending(ACME)).noneMatch(r -> r.runId().equals(cancel.getId()));
        Task followUp = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(cancel.getId())
                .singleResult();
        engine.getTaskService().complete(followUp.getId());
        assertThat(cancel).isEnded().hasPassed("End_InProduction");
    }

    @Test
    @DisplayName("P1-T24 WF04 above the store's threshold (120.00 > 50.00): the cancellation itself waits for an"
            + " approver; approved, the authorisation is voided and the order cancelled with the approved arguments")
    void aboveThresholdNeedsApproval() {
        providers.stubFor(ShopifyStubs.order(1001, "AUTHORIZED", "120.00"));
        stubPayment("requires_capture", 0);
        ProcessInstance cancel = request("cr-threshold", !WITH_PRINTFUL);

        assertThat(cancel).isWaitingAt("Task_Approve");
        providers.verify(0, postRequestedFor(urlPathMatching(PAYMENT_PATTERN + "/cancel")));
        decide(cancel, "Task_Approve", true);
        execute(job());
        execute(job());
        execute(job());
        execute(job());

        assertThat(cancel).isEnded().hasPassed("Task_Void", "End_Cancelled");
        ApprovalRequest approval = approvalOf(cancel);
        assertThat(approval.tool().toString()).isEqualTo("shopify.order.cancel@1");
        assertThat(approval.amount()).contains(12_000L);
        assertThat(receiptTools(cancel)).containsExactly("stripe.payment.void@1", "shopify.order.cancel@1");
    }

    @Test
    @DisplayName("P1-T24 WF04 above the threshold, denied: nothing is voided or cancelled; a follow-up task is left")
    void aboveThresholdDenied() {
        providers.stubFor(ShopifyStubs.order(1001, "AUTHORIZED", "120.00"));
        stubPayment("requires_capture", 0);
        ProcessInstance cancel = request("cr-threshold-deny", !WITH_PRINTFUL);

        decide(cancel, "Task_Approve", false);

        assertThat(cancel).isWaitingAt("Task_FollowUpNotApproved");
        providers.verify(0, postRequestedFor(urlPathMatching(PAYMENT_PATTERN + "/cancel")));
        providers.verify(0, cancelRequests());
    }

    @Test
    @DisplayName("P1-T24 WF04 Printful fails (HTTP 503) after the refund was approved: retried, then an incident; no"
            + " money is refunded while the goods may still be made")
    void printfulOutageBecomesAnIncidentBeforeAnyRefund() {
        providers.stubFor(delete(urlPathMatching(PRINTFUL_ORDER))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        ProcessInstance cancel = request("cr-outage", WITH_PRINTFUL);
        decide(cancel, "Task_ApproveRefund", true);

        assertThatThrownBy(() -> execute(job())).isNotNull();
        Job printful = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(cancel.getId())
                .singleResult();
        assertThat(printful.getRetries())
                .as("a provider outage is retried (R5)")
                .isEqualTo(4);
        engine.getManagementService().setJobRetries(printful.getId(), 1);
        assertThatThrownBy(() -> engine.getManagementService().executeJob(printful.getId()))
                .isNotNull();

        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(cancel.getId())
                        .count())
                .isEqualTo(1);
        assertThat(cancel).isWaitingAt("Task_CancelPrintful");
        providers.verify(0, StripeStubs.refundRequests());
    }

    @Test
    @DisplayName("P1-T24 WF04 Printful refuses to cancel (it started production meanwhile): the refusal takes its own"
            + " path; nothing is refunded or cancelled in Shopify")
    void printfulRefusalTakesItsOwnPath() {
        providers.stubFor(
                delete(urlPathMatching(PRINTFUL_ORDER)).atPriority(1).willReturn(PrintfulStubs.error(409, """
                        {"error":{"reason":"Conflict","message":"Order is in process"}}""")));
        ProcessInstance cancel = request("cr-refused", WITH_PRINTFUL);
        decide(cancel, "Task_ApproveRefund", true);

        execute(job());

        assertThat(cancel).hasPassed("Error_PrintfulRefused").isWaitingAt("Task_FollowUpRefundNotApproved");
        providers.verify(0, StripeStubs.refundRequests());
        providers.verify(0, cancelRequests());
    }

    @Test
    @DisplayName("P1-T24 WF04 while WF01 still runs: the payment is read again after the approval, and once the order"
            + " is cancelled the fulfilment run is stopped and cancels its own Printful draft; nothing is captured")
    void cancellationStopsTheRunningFulfilment() {
        long order = ORDERS.incrementAndGet();
        String orderId = ShopifyStubs.gid(order);
        providers.stubFor(PrintfulStubs.orderCreated(order, order));
        providers.stubFor(StripeStubs.authorized("pi_3Qcancel" + order, order, 2500));
        ProcessInstance fulfilment = orders.startFulfilment(
                new OrderWorkflows.PaidOrder(ACME, orderId, "pi_3Qcancel" + order, "corr-wf01-" + order));
        assertThat(fulfilment).isWaitingAt("Task_FetchOrder");
        execute(job());
        execute(job());
        execute(job());
        assertThat(fulfilment).isWaitingAt("Task_CapturePayment").variables().containsEntry("printfulOrderId", order);

        // The cancel request arrives with no Printful order named: WF04 finds WF01's draft itself.
        stubPayment("requires_capture", 0);
        ProcessInstance cancel = workflows.requestCancel(new CancelRequest(
                ACME,
                "cr-running",
                orderId,
                "pi_3Qcancel" + order,
                null,
                "changed my mind",
                "corr-cr-running",
                "demo"));
        assertThat(cancel).isWaitingAt("Task_GetOrder");
        execute(job());
        assertThat(cancel).isWaitingAt("Task_Void").variables().containsEntry("printfulOrderId", order);
        execute(job());
        execute(job());
        assertThat(cancel).isWaitingAt("Task_StopFulfilment");
        execute(job());

        assertThat(cancel).variables().containsEntry(StopFulfilmentDelegate.STOPPED_RUNS, fulfilment.getId());
        assertThat(fulfilment).hasPassed("StartEvent_OrderCancelled").isWaitingAt("Task_CancelOwnDraft");
        execute(jobQuery().processInstanceId(fulfilment.getId()).singleResult());
        assertThat(fulfilment)
                .isEnded()
                .hasPassed("Task_CancelOwnDraft", "EndEvent_DraftCancelled")
                .hasNotPassed("Task_CapturePayment", "Task_ConfirmFulfilment");
        assertThat(cancel).isWaitingAt("Task_MailCancelled");
        execute(job());
        assertThat(cancel).isEnded().hasPassed("Task_RefreshPayment", "Task_Void", "End_Cancelled");

        providers.verify(0, postRequestedFor(urlPathMatching(PAYMENT_PATTERN + "/capture")));
        providers.verify(1, postRequestedFor(urlPathMatching(PAYMENT_PATTERN + "/cancel")));
        providers.verify(1, deleteRequestedFor(urlEqualTo("/printful/v2/orders/" + order)));
        providers.verify(1, SendGridStubs.mailsOf("d-test-order-cancelled"));
    }

    @Test
    @DisplayName("P1-T24 WF04 with no fulfilment run for the order: stopping it is a no-op, not an error")
    void noFulfilmentRunToStop() {
        stubPayment("requires_capture", 0);
        ProcessInstance cancel = request("cr-no-run", !WITH_PRINTFUL);
        execute(job());
        execute(job());
        assertThat(cancel).isWaitingAt("Task_StopFulfilment");
        execute(job());

        assertThat(cancel)
                .isWaitingAt("Task_MailCancelled")
                .variables()
                .containsEntry(StopFulfilmentDelegate.STOPPED_RUNS, "");
    }

    private ProcessInstance request(String id, boolean withPrintful) {
        long order = ORDERS.incrementAndGet();
        ProcessInstance instance = workflows.requestCancel(new CancelRequest(
                ACME,
                id,
                ShopifyStubs.gid(order),
                "pi_3Qcancel" + order,
                withPrintful ? order : null,
                "ordered the wrong size",
                "corr-" + id,
                "demo"));
        assertThat(instance).isWaitingAt("Task_GetOrder");
        execute(job());
        return instance;
    }

    private void assertNothingChanged() {
        providers.verify(0, deleteRequestedFor(urlPathMatching("/printful/.*")));
        providers.verify(0, StripeStubs.refundRequests());
        providers.verify(0, cancelRequests());
    }

    private void stubPayment(String status, long received) {
        providers.stubFor(get(urlPathMatching(PAYMENT_PATTERN))
                .willReturn(okJson(StripeStubs.paymentIntentJson(
                        "pi_3Qcancel", 2500, status.equals("requires_capture") ? 2500 : 0, received, status, null))));
    }

    private void stubPrintful(String status) {
        providers.stubFor(PrintfulStubs.orders(PRINTFUL_ORDER, 777001, 1001, status));
    }

    private static RequestPatternBuilder cancelRequests() {
        return ShopifyStubs.requested("AutoBizOrderCancel");
    }

    /** The writes that reached the providers, oldest first ("METHOD url"). */
    private List<String> providerCallOrder() {
        return providers.getAllServeEvents().stream()
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .map(ServeEvent::getRequest)
                .filter(request -> !request.getMethod().getName().equals("GET"))
                .filter(request -> !request.getBodyAsString().contains("AutoBizOrderGet"))
                .map(request -> request.getMethod().getName() + " "
                        + (request.getUrl().startsWith("/printful/") ? "/printful" : request.getUrl()))
                .toList();
    }

    private void fireTimer(ProcessInstance instance, String activityId) {
        EngineSteps.fireTimer(engine, instance, activityId);
    }

    /** As Tasklist does it: the approver is the authenticated user, in the store's group and tenant. */
    private void decide(ProcessInstance instance, String taskId, boolean approve) {
        EngineSteps.decide(engine, instance, taskId, APPROVER, ACME, approve, "checked the order");
    }

    private ApprovalRequest approvalOf(ProcessInstance instance) {
        return EngineSteps.approvalOf(engine, approvals, ACME, instance);
    }

    private List<Receipt> receiptsOf(ProcessInstance instance) {
        return receipts.chain(ACME).stream()
                .filter(receipt -> receipt.executionId().equals(instance.getId()))
                .toList();
    }

    /** The tools whose receipts this run wrote, in chain order, leaving out the customer mails. */
    private List<String> receiptTools(ProcessInstance instance) {
        return receiptsOf(instance).stream()
                .map(Receipt::tool)
                .filter(tool -> !tool.startsWith("sendgrid."))
                .toList();
    }

    /**
     * WF04 as an integration starts it over REST: the variables the start declaration
     * (workflows/starts/order-cancel.json) requires, and the optional printfulOrderId only when given.
     */
    private ProcessInstance startedOverRest(String cancelRequestId, long order, Long printfulOrderId) {
        var start = engine.getRuntimeService()
                .createMessageCorrelation(WorkflowMessage.CANCEL_REQUESTED.messageName())
                .withoutTenantId()
                .processInstanceBusinessKey(cancelRequestId)
                .setVariable("tenantId", ACME.value())
                .setVariable("correlationId", "corr-" + cancelRequestId)
                .setVariable("approversGroup", approvals.approversGroup(ACME))
                .setVariable("cancelRequestId", cancelRequestId)
                .setVariable("orderId", ShopifyStubs.gid(order))
                .setVariable("paymentIntentId", "pi_3Qcancel" + order)
                .setVariable("cancelReason", "ordered the wrong size")
                .setVariable("requestedBy", "user:integration")
                .setVariable("printfulCancellable", false);
        if (printfulOrderId != null) {
            start.setVariable("printfulOrderId", printfulOrderId);
        }
        return start.correlateWithResult().getProcessInstance();
    }

    /** A WF01 run of the order that placed Printful order {@code printfulOrder} and waits for its shipment. */
    private void fulfilmentAwaitingShipment(long order, long printfulOrder) {
        ProcessInstance fulfilment = engine.getRuntimeService()
                .createProcessInstanceByKey("order-fulfill")
                .businessKey(ShopifyStubs.gid(order))
                .setVariable("tenantId", ACME.value())
                .setVariable("correlationId", "corr-wf01-" + order)
                .setVariable("orderId", ShopifyStubs.gid(order))
                .setVariable("printfulOrderId", printfulOrder)
                .startBeforeActivity("Event_ShipmentSent")
                .execute();
        assertThat(fulfilment).isWaitingAt("Event_ShipmentSent");
    }
}
