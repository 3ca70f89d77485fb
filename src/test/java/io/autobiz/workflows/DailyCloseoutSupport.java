package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.reconciliation.core.Reconciliation;
import io.autobiz.reconciliation.core.ReconciliationRow;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.PrintfulStubs;
import io.autobiz.testsupport.SendGridStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.SlackStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.OrderWorkflows.PaidOrder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WF07 on PostgreSQL, what its ITs share: the store's own deployment, providers on WireMock, jobs driven by the test,
 * financial repairs decided by an authenticated approver of the store as Tasklist would. Local truth is real: capture
 * receipts made through the kernel, and WF01 runs waiting for their shipment. Each IT (one kind of drift) gets its own
 * database; what Stripe and Shopify show of the class's earlier payments and orders is kept for the class (one
 * instance for all its tests) and stubbed again before each test.
 */
@WorkflowIT(
        approvers = DailyCloseoutSupport.APPROVER,
        properties = {
            SlackStubs.METHODS_URL,
            "autobiz.tenants.acme.secrets[slack.bot_token]=xoxb-it-fake-closeout-token",
            "autobiz.approvals.slack.acme.channel=" + DailyCloseoutSupport.CHANNEL,
            "autobiz.reconciliation.enabled=false"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DailyCloseoutSupport {

    static final TenantId ACME = TenantId.of("acme");
    static final String APPROVER = "closeoutapprover";
    static final String CHANNEL = "C0CLOSEOUT";
    static final String GRAPHQL = ShopifyStubs.GRAPHQL;

    /** Every payment captured so far in this class, and what Stripe shows as received unless a test says otherwise. */
    final Map<String, Long> captured = new ConcurrentHashMap<>();
    /** What Stripe shows as refunded of a payment (0 when absent): refunds that reached it, or were made elsewhere. */
    final Map<String, Long> refunded = new ConcurrentHashMap<>();
    /** The Shopify orders cancelled in this class: Shopify shows them cancelled from then on. */
    final Map<Long, String> cancelledOrders = new ConcurrentHashMap<>();

    @Autowired
    ProcessEngine engine;

    @Autowired
    WireMockServer providers;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CloseoutWorkflows closeouts;

    @Autowired
    OrderWorkflows orders;

    @Autowired
    KernelExecutor kernel;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    JdbcReceipts receiptStore;

    @Autowired
    Approvals approvals;

    @BeforeEach
    void stubProviders() {
        captured.forEach(this::stripeSays);
        cancelledOrders.forEach(this::shopifyShowsCancelled);
        providers.stubFor(SlackStubs.posted(CHANNEL, "1700000000.000100"));
        providers.stubFor(StripeStubs.refunded("re_closeout1", 500, "pi_x"));
    }

    /** A closeout run up to its report: the reconcile step only; the instance is then removed (its history stays). */
    ProcessInstance reconcileOnly() {
        ProcessInstance closeout = startCloseout();
        execute(job());
        assertThat(closeout).hasPassed("Task_Reconcile");
        engine.getRuntimeService().deleteProcessInstance(closeout.getId(), "test: only its reconcile step matters");
        return closeout;
    }

    Object variable(ProcessInstance closeout, String name) {
        return engine.getHistoryService()
                .createHistoricVariableInstanceQuery()
                .processInstanceId(closeout.getId())
                .variableName(name)
                .singleResult()
                .getValue();
    }

    static final String CANCEL_JOB = ShopifyStubs.orderCancelJson("it-cancel");

    /**
     * A refund made through the kernel as WF04 would, with its approval decided by the store's approver: its receipt is
     * local truth for the refund.
     */
    void refund(String payment, long amount, String refundId) {
        providers.stubFor(StripeStubs.refunded(refundId, amount, payment)
                .withRequestBody(containing("payment_intent=" + payment)));
        RunContext wf04 = new RunContext(ACME, "wf04-" + payment, "corr-" + payment, "workflow:refund", "refund");
        var input = Json.object()
                .put("paymentIntentId", payment)
                .put("amount", amount)
                .put("reference", "refund-request-" + payment);
        var request = approvals.request(wf04, ToolRef.parse("stripe.refund.create@1"), input, "customer asked", "USD");
        var identity = engine.getIdentityService();
        identity.setAuthentication(APPROVER, List.of("acme-approvers"), List.of("acme"));
        try {
            approvals.decide(ACME, request.id(), APPROVER, true, "refund requested by the customer");
        } finally {
            identity.clearAuthentication();
        }
        kernel.execute(wf04, new ToolCall(ToolRef.parse("stripe.refund.create@1"), input));
    }

    /** A capture made through the kernel as WF01 would, leaving its receipt: local truth for the payment. */
    String capture(long amount) {
        String payment =
                "pi_close" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        providers.stubFor(StripeStubs.captured(payment, amount));
        kernel.execute(
                new RunContext(ACME, "wf01-" + payment, "corr-" + payment, "workflow:order-fulfill", "order-fulfill"),
                new ToolCall(
                        ToolRef.parse("stripe.payment.capture@1"), Json.object().put("paymentIntentId", payment)));
        captured.put(payment, amount);
        stripeSays(payment, amount);
        return payment;
    }

    /** Stripe's PaymentIntent, read with its latest charge expanded, which says what was refunded ({@link #refunded}). */
    void stripeSays(String payment, long received) {
        providers.stubFor(StripeStubs.paymentIntent(payment)
                .withQueryParam("expand[0]", equalTo("latest_charge"))
                .willReturn(okJson(StripeStubs.withLatestCharge(
                        StripeStubs.paymentIntentJson(payment, received, "succeeded"),
                        payment,
                        received,
                        refunded.getOrDefault(payment, 0L)))));
    }

    /** Shopify's answer for an order it has cancelled (preferred over the tests' catch-all order stub). */
    void shopifyShowsCancelled(long orderNumber, String cancelledAt) {
        providers.stubFor(ShopifyStubs.operation("AutoBizOrderGet")
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo(ShopifyStubs.gid(orderNumber))))
                .willReturn(okJson(shopifyOrder(orderNumber, cancelledAt))));
    }

    /** The order as Shopify shows it once its payment was voided: open ({@code cancelledAt} null) or cancelled. */
    static String shopifyOrder(long orderNumber, String cancelledAt) {
        return ShopifyStubs.orderJson(orderNumber, "VOIDED", cancelledAt);
    }

    /** WF01 up to the point where it waits for Printful's shipment (Printful order 777001). */
    ProcessInstance waitingForShipment() {
        return waitingForShipment(1001, "pi_3Q0ship", 777001);
    }

    /** WF01 for Shopify order {@code #orderNumber} up to the point where it waits for Printful's shipment. */
    ProcessInstance waitingForShipment(int orderNumber, String payment, long printfulOrder) {
        providers.stubFor(ShopifyStubs.order(orderNumber, "AUTHORIZED"));
        providers.stubFor(StripeStubs.captured(payment, 2500));
        captured.put(payment, 2500L);
        // Authorised for this order until WF01 captures it; then Stripe shows it captured.
        providers.stubFor(StripeStubs.authorized(payment, orderNumber, 2500));
        providers.stubFor(PrintfulStubs.orderCreated(printfulOrder, orderNumber));
        providers.stubFor(PrintfulStubs.confirmed(printfulOrder, "pending"));
        providers.stubFor(SendGridStubs.accepted("msg-it-closeout"));
        ProcessInstance order = orders.startFulfilment(
                new PaidOrder(ACME, ShopifyStubs.gid(orderNumber), payment, "corr-wf07-ship-" + orderNumber));
        for (int step = 0; step < 6; step++) {
            assertThat(order).isActive();
            execute(job());
        }
        assertThat(order).isWaitingAt("Event_ShipmentSent");
        stripeSays(payment, 2500);
        return order;
    }

    /**
     * A closeout run through its reconcile and report steps: ended, or waiting where a person decides (an approval or
     * an investigation).
     */
    ProcessInstance closeOutToItsEnd() {
        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());
        return closeout;
    }

    ProcessInstance startCloseout() {
        ProcessInstance closeout = closeouts.closeOutNow(ACME, "corr-" + UUID.randomUUID());
        assertThat(closeout).isWaitingAt("Task_Reconcile");
        return closeout;
    }

    /** Approves the closeout's repair and runs its refund: the closeout ends repaired. */
    void approveAndRefund(ProcessInstance closeout) {
        decide(closeout, true);
        assertThat(closeout).isWaitingAt("Task_Refund");
        execute(job());
        assertThat(closeout).isEnded().hasPassed("End_Repaired", "End_ClosedOut");
    }

    /** As Tasklist does it: the approver is the authenticated user, in the store's group and tenant. */
    void decide(ProcessInstance closeout, boolean approve) {
        EngineSteps.decide(
                engine, closeout, "Task_ApproveRepair", APPROVER, ACME, approve, "checked the Stripe dashboard");
    }

    /** One pass of the hourly schedule, as the closeout's own principal. */
    Reconciliation.Report scheduledPass() {
        return reconciliation.run(new RunContext(
                ACME, "schedule-" + UUID.randomUUID(), "corr", "workflow:daily-closeout", "daily-closeout"));
    }

    List<ReconciliationRow> rowsOf(String kind, String id) {
        String entity = ACME.value() + ":" + kind + ":" + id;
        return reconciliation.list(ACME, EnumSet.allOf(Status.class)).stream()
                .filter(row -> row.entityId().equals(entity))
                .toList();
    }

    long receipts(String tool, String runId) {
        return receiptStore.chain(ACME).stream()
                .filter(receipt ->
                        receipt.tool().equals(tool) && receipt.executionId().equals(runId))
                .count();
    }
}
