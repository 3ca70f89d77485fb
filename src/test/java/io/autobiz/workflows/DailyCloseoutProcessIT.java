package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import io.autobiz.tenancy.TenantProvisioning;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.autobiz.workflows.OrderWorkflows.PaidOrder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
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
 * WF07 on PostgreSQL: the store's own deployment started by its daily timer (driven through ClockUtil), providers on
 * WireMock, jobs driven by the test, financial repairs decided by an authenticated approver of the store as Tasklist
 * would. Local truth is real: capture receipts made through the kernel, and a WF01 run waiting for its shipment.
 */
@SpringBootTest
@ActiveProfiles({"postgres", "it"})
@IntegrationExternal
class DailyCloseoutProcessIT {

    private static final TestDatabase DATABASE = TestPostgres.newDatabase();
    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    private static final TenantId ACME = TenantId.of("acme");
    private static final String APPROVER = "closeoutapprover";
    private static final String CHANNEL = "C0CLOSEOUT";
    /** Every payment captured so far in this class, and what Stripe shows as received unless a test says otherwise. */
    private static final Map<String, Long> CAPTURED = new ConcurrentHashMap<>();
    /** What Stripe shows as refunded of a payment (0 when absent): refunds that reached it, or were made elsewhere. */
    private static final Map<String, Long> REFUNDED = new ConcurrentHashMap<>();
    /** The Shopify orders cancelled in this class: Shopify shows them cancelled from then on. */
    private static final Map<Long, String> CANCELLED_ORDERS = new ConcurrentHashMap<>();

    private static final String GRAPHQL = "/shopify/admin/api/2025-10/graphql.json";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        ProviderStubs.properties(PROVIDERS).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("autobiz.slack.methods-url", () -> "http://127.0.0.1:" + PROVIDERS.port() + "/slack/api/");
        registry.add("autobiz.tenants.acme.secrets[slack.bot_token]", () -> "xoxb-it-fake-closeout-token");
        registry.add("autobiz.approvals.slack.acme.channel", () -> CHANNEL);
        registry.add("autobiz.reconciliation.enabled", () -> "false");
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.stop();
    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CloseoutWorkflows closeouts;

    @Autowired
    OrderWorkflows orders;

    @Autowired
    KernelExecutor kernel;

    @Autowired
    Reconciliation detector;

    @Autowired
    JdbcReceipts receiptStore;

    @Autowired
    Approvals approvals;

    @BeforeEach
    void stubProvidersAndApprover() {
        BpmnAwareTests.init(engine);
        PROVIDERS.resetAll();
        CAPTURED.forEach(DailyCloseoutProcessIT::stripeSays);
        CANCELLED_ORDERS.forEach(DailyCloseoutProcessIT::shopifyShowsCancelled);
        PROVIDERS.stubFor(post(urlEqualTo("/slack/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"" + CHANNEL + "\",\"ts\":\"1700000000.000100\"}")));
        PROVIDERS.stubFor(post(urlEqualTo("/stripe/v1/refunds")).willReturn(okJson("""
                {"id":"re_closeout1","object":"refund","amount":500,"currency":"usd","payment_intent":"pi_x",
                 "status":"succeeded"}""")));
        var identity = engine.getIdentityService();
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
    @DisplayName("P1-T27 WF07 is deployed per store with a daily timer at 23:00; the shared copy is suspended; the"
            + " store's timer starts its closeout, which finds no drift, posts the report and ends")
    void dailyTimerStartsTheStoresCloseout() {
        String payment = capture(2500);
        ProcessDefinition acmeDefinition = engine.getRepositoryService()
                .createProcessDefinitionQuery()
                .processDefinitionKey("daily-closeout")
                .tenantIdIn("acme")
                .latestVersion()
                .singleResult();
        assertThat(engine.getRepositoryService()
                        .createProcessDefinitionQuery()
                        .processDefinitionKey("daily-closeout")
                        .withoutTenantId()
                        .active()
                        .count())
                .as("the copy without a store never starts")
                .isZero();
        Job timer = engine.getManagementService()
                .createJobQuery()
                .processDefinitionId(acmeDefinition.getId())
                .timers()
                .singleResult();
        ZonedDateTime due = timer.getDuedate().toInstant().atZone(ZoneId.systemDefault());
        assertThat(due.getHour()).isEqualTo(23);
        assertThat(due.getMinute()).isZero();

        ClockUtil.setCurrentTime(Date.from(due.toInstant().plusSeconds(1)));
        engine.getManagementService().executeJob(timer.getId());
        ProcessInstance closeout = engine.getRuntimeService()
                .createProcessInstanceQuery()
                .processDefinitionId(acmeDefinition.getId())
                .active()
                .singleResult();
        assertThat(closeout.getTenantId()).isEqualTo("acme");

        assertThat(closeout).isWaitingAt("Task_Reconcile");
        execute(job());
        assertThat(closeout).isWaitingAt("Task_PostReport");
        execute(job());

        assertThat(closeout).isEnded().hasPassed("Task_PostReport", "End_NoFinancialDrift");
        assertThat(rowsOf("payment", payment)).isEmpty();
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/slack/api/chat.postMessage"))
                        .withRequestBody(containing("channel=" + CHANNEL))
                        .withRequestBody(containing("Daily%20closeout%20of%20acme")));
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .isEmpty();
        assertThat(engine.getManagementService()
                        .createJobQuery()
                        .processDefinitionId(acmeDefinition.getId())
                        .timers()
                        .singleResult()
                        .getDuedate())
                .as("the next day's timer is set")
                .isAfter(timer.getDuedate());
    }

    @Test
    @DisplayName("P1-T27 P1-T39 P1-T-RK07b WF07 repairs non-financial drift for real: Printful shipped but the"
            + " webhook never came, so the Shopify order gets the tracking (through the kernel, with a receipt) and"
            + " WF01 continues; a second closeout and the schedule find nothing and change nothing")
    void lostShipmentIsRepaired() {
        ProcessInstance order = waitingForShipment();
        PROVIDERS.stubFor(
                get(urlEqualTo("/printful/v2/orders/777001/shipments")).willReturn(okJson("""
                {"data":[{"id":51,"shipment_status":"shipped","carrier":"USPS","service":"First Class",
                  "tracking_number":"9400100000000000000077",
                  "tracking_url":"https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000077",
                  "shipped_at":"2026-11-24T10:00:00Z"}]}""")));
        PROVIDERS.stubFor(post(urlEqualTo("/shopify/admin/api/2025-10/graphql.json"))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderUpdate")))
                .willReturn(okJson("""
                        {"data":{"orderUpdate":{"order":{"id":"gid://shopify/Order/1001","tags":["shipped"],
                          "note":"Shipped"},"userErrors":[]}},
                         "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""")));

        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());

        assertThat(closeout).isEnded().hasPassed("End_NoFinancialDrift");
        assertThat(order).isWaitingAt("Task_SendShippedMail");
        assertThat(engine.getRuntimeService().getVariable(order.getId(), "trackingNumber"))
                .isEqualTo("9400100000000000000077");
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/shopify/admin/api/2025-10/graphql.json"))
                        .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderUpdate")))
                        .withRequestBody(matchingJsonPath("$.variables.input.tags[0]", equalTo("shipped")))
                        .withRequestBody(containing("9400100000000000000077")));
        assertThat(rowsOf("fulfilment", "777001")).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(Status.REPAIRED);
            assertThat(row.financial()).isFalse();
            assertThat(row.decidedBy()).isEqualTo(Reconciliation.AUTOMATIC);
            assertThat(row.providerValue()).isEqualTo("9400100000000000000077");
            assertThat(row.resolution())
                    .contains("shopify.order.update@1", "ShipmentSent delivered to run " + order.getId());
        });
        assertThat(receipts("shopify.order.update@1", closeout.getId()))
                .as("the repair's Shopify write has its receipt, in the closeout's run")
                .isEqualTo(1);
        assertThat(engine.getHistoryService()
                        .createHistoricVariableInstanceQuery()
                        .processInstanceId(closeout.getId())
                        .variableName("driftReport")
                        .singleResult()
                        .getValue())
                .asString()
                .contains("repaired fulfilment 777001");

        ProcessInstance again = startCloseout();
        execute(job());
        execute(job());
        assertThat(again).isEnded();
        assertThat(scheduledPass().drifts())
                .as("the schedule finds nothing left to repair")
                .isEmpty();
        assertThat(rowsOf("fulfilment", "777001")).hasSize(1);
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/shopify/admin/api/2025-10/graphql.json"))
                        .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderUpdate"))));
    }

    @Test
    @DisplayName("P1-T27 P1-T40 WF07 financial drift (Stripe received more than AutoBiz captured) waits for an"
            + " approval task; approved, exactly the difference is refunded once and the row names the approver")
    void approvedFinancialRepair() {
        String payment = capture(2500);
        stripeSays(payment, 3000L);

        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());

        assertThat(closeout).isWaitingAt("Task_ApproveRepair");
        ReconciliationRow awaiting = rowsOf("payment", payment).get(0);
        assertThat(awaiting.status()).isEqualTo(Status.AWAITING_APPROVAL);
        assertThat(awaiting.approvalRef()).isEqualTo(closeout.getId());
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .as("no money moved before the decision")
                .isEmpty();
        assertThat(engine.getRuntimeService().getVariable(closeout.getId(), "approvalAmount"))
                .as("the form shows the amount in dollars")
                .asString()
                .startsWith("5");

        decide(closeout, true);
        assertThat(closeout).isWaitingAt("Task_Refund");
        execute(job());

        assertThat(closeout).isEnded().hasPassed("End_Repaired", "End_ClosedOut");
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/stripe/v1/refunds"))
                        .withRequestBody(containing("amount=500"))
                        .withRequestBody(containing("payment_intent=" + payment))
                        .withRequestBody(containing("reason=duplicate")));
        ReconciliationRow repaired = rowsOf("payment", payment).get(0);
        assertThat(repaired.status()).isEqualTo(Status.REPAIRED);
        assertThat(repaired.decidedBy()).isEqualTo(APPROVER);
        assertThat(repaired.resolution()).contains("re_closeout1", "500");
        assertThat(receipts("stripe.refund.create@1", closeout.getId())).isEqualTo(1);

        // Stripe now holds 3000 received and 500 refunded: AutoBiz expects exactly that (2500 captured + 500 received
        // beyond and refunded), so the next pass finds neither payment nor refund drift.
        CAPTURED.put(payment, 3000L);
        REFUNDED.put(payment, 500L);
        stripeSays(payment, 3000L);
        assertThat(scheduledPass().drifts())
                .extracting(drift -> drift.entityId().localId())
                .doesNotContain(payment);
        assertThat(rowsOf("refund", payment)).isEmpty();
    }

    @Test
    @DisplayName("P1-T27 P1-T16 WF07 the repair's approval form names the order the money was taken for (#1002, linked"
            + " to the WF01 run that captured it in Cockpit) and its customer masked, from the capturing run")
    void repairFormShowsTheOrder() {
        ProcessInstance order = waitingForShipment(1002, "pi_3Q0form", 777002);
        stripeSays("pi_3Q0form", 2900L);

        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());

        assertThat(closeout).isWaitingAt("Task_ApproveRepair");
        Task task = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(closeout.getId())
                .singleResult();
        assertThat(engine.getTaskService().getVariables(task.getId()))
                .containsEntry("approvalAction", "Refund 4.00 USD to the customer's card")
                .containsEntry("approvalAmountText", "4.00 USD")
                .containsEntry("approvalOrderName", "#1002")
                .containsEntry("approvalOrderLink", "/camunda/app/cockpit/default/#/process-instance/" + order.getId())
                .containsEntry("approvalCustomer", "a***@example.com");
        decide(closeout, false);
        assertThat(closeout).isEnded();
    }

    @Test
    @DisplayName("P1-T40 WF07 a denied financial repair refunds nothing; the row says who denied it and why")
    void deniedFinancialRepair() {
        String payment = capture(2500);
        stripeSays(payment, 2900L);
        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());

        decide(closeout, false);

        assertThat(closeout).isEnded().hasPassed("End_Denied");
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .isEmpty();
        ReconciliationRow denied = rowsOf("payment", payment).get(0);
        assertThat(denied.status()).isEqualTo(Status.DISMISSED);
        assertThat(denied.decidedBy()).isEqualTo(APPROVER);
        assertThat(denied.resolution()).contains("checked the Stripe dashboard");
    }

    @Test
    @DisplayName("P1-T40 WF07 an approval nobody decides times out (the store's rule: 24 h): nothing is refunded,"
            + " the row records the timeout, and the next closeout asks again")
    void approvalTimesOut() {
        String payment = capture(2500);
        stripeSays(payment, 2600L);
        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());
        Job timer = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(closeout.getId())
                .timers()
                .singleResult();

        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
        engine.getManagementService().executeJob(timer.getId());

        assertThat(closeout).isEnded().hasPassed("End_TimedOut");
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .isEmpty();
        assertThat(rowsOf("payment", payment))
                .singleElement()
                .satisfies(row -> assertThat(row.status()).isEqualTo(Status.APPROVAL_TIMED_OUT));

        ProcessInstance next = startCloseout();
        execute(job());
        execute(job());
        assertThat(next).isWaitingAt("Task_ApproveRepair");
        assertThat(rowsOf("payment", payment))
                .extracting(ReconciliationRow::status)
                .contains(Status.AWAITING_APPROVAL);
        decide(next, false);
    }

    @Test
    @DisplayName("P1-T07-NEG-changed-amount P1-T40 WF07: a repair amount changed after the approval is refused by the"
            + " kernel; nothing is refunded and the row says the repair was refused")
    void amountChangedAfterApproval() {
        String payment = capture(2500);
        stripeSays(payment, 2700L);
        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());
        decide(closeout, true);

        engine.getRuntimeService().setVariable(closeout.getId(), "repairAmount", 2700L);
        execute(job());

        assertThat(closeout).isEnded().hasPassed("End_Refused");
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .isEmpty();
        assertThat(rowsOf("payment", payment)).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(Status.REPAIR_FAILED);
            assertThat(row.resolution()).contains("refused by the kernel");
        });
    }

    @Test
    @DisplayName("P1-T27 P1-T40 WF07 refund drift: AutoBiz refunded 700 but Stripe shows nothing refunded; the drift"
            + " is financial and waits for an approval task; approved, exactly the missing 700 is refunded once, and"
            + " the next closeout and the schedule find nothing new")
    void refundThatDidNotStickIsRefundedAgainAfterApproval() {
        String payment = capture(2500);
        refund(payment, 700, "re_closeout700");
        // The refund AutoBiz recorded never reached Stripe's charge: Stripe still shows 0 refunded (REFUNDED unset).
        PROVIDERS.stubFor(post(urlEqualTo("/stripe/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + payment))
                .willReturn(okJson(refundJson("re_closeout700again", 700, payment))));
        int refundsBefore = PROVIDERS
                .findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds")))
                .size();

        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());

        assertThat(closeout).isWaitingAt("Task_ApproveRepair");
        ReconciliationRow awaiting = rowsOf("refund", payment).get(0);
        assertThat(awaiting.financial()).isTrue();
        assertThat(awaiting.status()).isEqualTo(Status.AWAITING_APPROVAL);
        assertThat(awaiting.field()).isEqualTo("/amountRefunded");
        assertThat(awaiting.localValue()).isEqualTo("700");
        assertThat(awaiting.providerValue()).isEqualTo("0");
        assertThat(awaiting.approvalRef()).isEqualTo(closeout.getId());
        assertThat(rowsOf("payment", payment))
                .as("what Stripe received is right")
                .isEmpty();
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .as("no money moved before the decision")
                .hasSize(refundsBefore);
        assertThat(engine.getRuntimeService().getVariable(closeout.getId(), "repairReference"))
                .isEqualTo("reconciliation-refund-" + awaiting.reconciliationId());

        decide(closeout, true);
        assertThat(closeout).isWaitingAt("Task_Refund");
        execute(job());

        assertThat(closeout).isEnded().hasPassed("End_Repaired", "End_ClosedOut");
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/stripe/v1/refunds"))
                        .withRequestBody(containing("amount=700"))
                        .withRequestBody(containing("payment_intent=" + payment))
                        .withRequestBody(containing("reason=requested_by_customer"))
                        .withRequestBody(containing("reconciliation-refund-" + awaiting.reconciliationId())));
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .hasSize(refundsBefore + 1);
        ReconciliationRow repaired = rowsOf("refund", payment).get(0);
        assertThat(repaired.status()).isEqualTo(Status.REPAIRED);
        assertThat(repaired.decidedBy()).isEqualTo(APPROVER);
        assertThat(repaired.resolution()).contains("re_closeout700again", "700");
        assertThat(receipts("stripe.refund.create@1", closeout.getId())).isEqualTo(1);

        // Stripe now shows the 700; the re-issued refund replaces the lost one, so AutoBiz expects 700, not 1400.
        REFUNDED.put(payment, 700L);
        stripeSays(payment, 2500L);
        ProcessInstance again = startCloseout();
        execute(job());
        execute(job());
        assertThat(again).isEnded().hasPassed("End_NoFinancialDrift");
        assertThat(scheduledPass().drifts())
                .extracting(drift -> drift.entityId().localId())
                .doesNotContain(payment);
        assertThat(rowsOf("refund", payment)).hasSize(1);
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .hasSize(refundsBefore + 1);
    }

    @Test
    @DisplayName("P1-T40 WF07 refund drift the other way (Stripe shows 300 refunded that AutoBiz never refunded) has no"
            + " automatic repair: nothing is refunded; a person of the approvers group investigates it in a task and"
            + " settles the row in their own name")
    void refundUnknownToAutoBizNeedsAnOperator() {
        String payment = capture(2500);
        REFUNDED.put(payment, 300L);
        stripeSays(payment, 2500L);

        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());

        assertThat(closeout).hasPassed("End_NoFinancialDrift").isWaitingAt("Task_Investigate");
        String id = rowsOf("refund", payment).get(0).reconciliationId();
        assertThat(rowsOf("refund", payment)).singleElement().satisfies(row -> {
            assertThat(row.financial()).isTrue();
            assertThat(row.status()).isEqualTo(Status.AWAITING_APPROVAL);
            assertThat(row.localValue()).isEqualTo("0");
            assertThat(row.providerValue()).isEqualTo("300");
            assertThat(row.approvalRef())
                    .as("taken up by this closeout's investigation")
                    .isEqualTo(closeout.getId());
        });
        assertThat(detector.repairOf(ACME, id)).isEmpty();
        assertThat(engine.getHistoryService()
                        .createHistoricVariableInstanceQuery()
                        .processInstanceId(closeout.getId())
                        .variableName("driftReport")
                        .singleResult()
                        .getValue())
                .asString()
                .contains("operator needed: refund acme:refund:" + payment + " /amountRefunded");
        Task investigation = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(closeout.getId())
                .taskDefinitionKey("Task_Investigate")
                .singleResult();
        assertThat(engine.getTaskService().getVariable(investigation.getId(), "escalationFacts"))
                .asString()
                .contains(payment, "AutoBiz 0, provider 300");

        assertThatThrownBy(
                        () -> engine.getTaskService().complete(investigation.getId(), Map.of("resolution", "resolved")))
                .as("nobody signed in: the row cannot be settled")
                .hasMessageContaining("only a signed-in member of acme-approvers");
        assertThat(rowsOf("refund", payment).get(0).status()).isEqualTo(Status.AWAITING_APPROVAL);

        EngineSteps.completeAs(
                engine,
                APPROVER,
                ACME,
                investigation,
                Map.of(
                        "resolution",
                        "resolved",
                        "resolutionNote",
                        "refunded by hand in the dashboard after a phone call; nothing owed"));

        assertThat(closeout).isEnded().hasPassed("End_Investigated");
        assertThat(rowsOf("refund", payment)).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(Status.RESOLVED_BY_OPERATOR);
            assertThat(row.decidedBy()).isEqualTo(APPROVER);
            assertThat(row.resolution()).contains("refunded by hand in the dashboard");
        });
        assertThat(meters.counter(
                                "reconciliation_drift_total",
                                "kind",
                                "refund",
                                "financial",
                                "true",
                                "outcome",
                                "resolved_by_operator")
                        .count())
                .isEqualTo(1.0);
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))))
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T27 P1-T39 WF07 order drift: an order AutoBiz cancelled is still open in Shopify (the cancel job"
            + " failed); the drift is not financial and is repaired at once by cancelling again through the kernel,"
            + " with a fresh intent, and audited in the row; the next closeout and the schedule find nothing new")
    void cancellationThatDidNotTakeEffectIsMadeAgain() {
        long orderNumber = 2001;
        String order = "gid://shopify/Order/" + orderNumber;
        PROVIDERS.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderCancel")))
                .willReturn(okJson(CANCEL_JOB)));
        kernel.execute(
                new RunContext(ACME, "wf04-" + orderNumber, "corr-wf04", "workflow:order-cancel", "order-cancel"),
                new ToolCall(
                        ToolRef.parse("shopify.order.cancel@1"),
                        Json.object()
                                .put("orderId", order)
                                .put("reason", "CUSTOMER")
                                .put("restock", true)
                                .put("notifyCustomer", true)
                                .put("amount", 2500)));
        // Shopify's cancel job failed: the order is open. Cancelling it (again) makes Shopify show it cancelled.
        PROVIDERS.stubFor(post(urlEqualTo(GRAPHQL))
                .atPriority(1)
                .inScenario("order 2001")
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderGet")))
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo(order)))
                .willReturn(okJson(shopifyOrder(orderNumber, null))));
        PROVIDERS.stubFor(post(urlEqualTo(GRAPHQL))
                .atPriority(1)
                .inScenario("order 2001")
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderCancel")))
                .withRequestBody(matchingJsonPath("$.variables.orderId", equalTo(order)))
                .willReturn(okJson(CANCEL_JOB))
                .willSetStateTo("cancelled"));
        PROVIDERS.stubFor(post(urlEqualTo(GRAPHQL))
                .atPriority(1)
                .inScenario("order 2001")
                .whenScenarioStateIs("cancelled")
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderGet")))
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo(order)))
                .willReturn(okJson(shopifyOrder(orderNumber, "2026-11-24T23:00:05Z"))));

        ProcessInstance closeout = startCloseout();
        execute(job());
        execute(job());

        assertThat(closeout).isEnded().hasPassed("End_NoFinancialDrift");
        PROVIDERS.verify(
                2,
                postRequestedFor(urlEqualTo(GRAPHQL))
                        .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderCancel"))));
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo(GRAPHQL))
                        .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderCancel")))
                        .withRequestBody(matchingJsonPath("$.variables.orderId", equalTo(order)))
                        .withRequestBody(matchingJsonPath("$.variables.reason", equalTo("CUSTOMER")))
                        .withRequestBody(matchingJsonPath("$.variables.notifyCustomer", equalTo("false")))
                        .withRequestBody(matchingJsonPath("$.variables.staffNote", containing("reconciliation"))));
        assertThat(rowsOf("order", order)).singleElement().satisfies(row -> {
            assertThat(row.financial()).isFalse();
            assertThat(row.field()).isEqualTo("/cancelled");
            assertThat(row.localValue()).isEqualTo("true");
            assertThat(row.providerValue()).isEqualTo("false");
            assertThat(row.status()).isEqualTo(Status.REPAIRED);
            assertThat(row.decidedBy()).isEqualTo(Reconciliation.AUTOMATIC);
            assertThat(row.resolution()).contains("shopify.order.cancel@1 on " + order, "reason CUSTOMER");
        });
        assertThat(receipts("shopify.order.cancel@1", closeout.getId()))
                .as("the repair's Shopify write has its own receipt, in the closeout's run (not a replay)")
                .isEqualTo(1);
        assertThat(engine.getHistoryService()
                        .createHistoricVariableInstanceQuery()
                        .processInstanceId(closeout.getId())
                        .variableName("driftReport")
                        .singleResult()
                        .getValue())
                .asString()
                .contains("repaired order " + order + " /cancelled");

        CANCELLED_ORDERS.put(orderNumber, "2026-11-24T23:00:05Z");
        ProcessInstance again = startCloseout();
        execute(job());
        execute(job());
        assertThat(again).isEnded();
        assertThat(scheduledPass().drifts())
                .as("the schedule finds nothing left to repair")
                .extracting(drift -> drift.entityId().localId())
                .doesNotContain(order);
        assertThat(rowsOf("order", order)).hasSize(1);
        PROVIDERS.verify(
                2,
                postRequestedFor(urlEqualTo(GRAPHQL))
                        .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderCancel"))));
    }

    @Test
    @DisplayName("P1-T27 WF07 within the store's shipped bounds (40 steps, 30 tool calls): a store with 40 payments"
            + " from earlier days closes them over a few runs, each reading its share and carrying the rest over, never"
            + " terminated; the next day's closeout reads only the new payments, each once, and reports")
    void closeoutReadsOnlyWhatIsOpenWithinItsBounds() {
        List<String> earlier = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            earlier.add(capture(1000 + i));
        }
        // Earlier days: each closeout reads at most half its bounds (15 reads) and carries the rest over.
        ProcessInstance first = reconcileOnly();
        assertThat(variable(first, "reconciliationReads")).isEqualTo(15);
        assertThat((Integer) variable(first, "reconciliationCarriedOver")).isPositive();
        assertThat((String) variable(first, "driftReport")).contains("carried over: ");
        int closeouts = 1;
        while ((Integer) variable(reconcileOnly(), "reconciliationCarriedOver") > 0) {
            assertThat(++closeouts)
                    .as("the backlog shrinks with every closeout")
                    .isLessThan(10);
        }

        // Today: three new payments; the forty earlier ones are closed.
        List<String> today = List.of(capture(2100), capture(2200), capture(2300));
        PROVIDERS.resetRequests();
        ProcessInstance closeout = startCloseout();
        execute(job());

        assertThat(closeout).hasPassed("Task_Reconcile");
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(closeout.getId())
                        .count())
                .isZero();
        assertThat(variable(closeout, "reconciliationCarriedOver")).isEqualTo(0);
        List<String> read =
                PROVIDERS.findAll(getRequestedFor(urlPathMatching("/stripe/v1/payment_intents/.*"))).stream()
                        .map(request ->
                                request.getUrl().replaceFirst("\\?.*", "").replace("/stripe/v1/payment_intents/", ""))
                        .toList();
        assertThat(read)
                .as("each new payment read once (payment and refund checks share the read)")
                .containsAll(today)
                .filteredOn(today::contains)
                .hasSize(3)
                .doesNotHaveDuplicates();
        assertThat(read)
                .as("no payment read twice, and none of the earlier days' closed ones")
                .doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(earlier)
                .hasSizeLessThan(15);
        assertThat((String) variable(closeout, "driftReport"))
                .startsWith("Daily closeout of acme: ")
                .doesNotContain("carried over");
        engine.getRuntimeService().deleteProcessInstance(closeout.getId(), "test: report checked");
    }

    /** A closeout run up to its report: the reconcile step only; the instance is then removed (its history stays). */
    private ProcessInstance reconcileOnly() {
        ProcessInstance closeout = startCloseout();
        execute(job());
        assertThat(closeout).hasPassed("Task_Reconcile");
        engine.getRuntimeService().deleteProcessInstance(closeout.getId(), "test: only its reconcile step matters");
        return closeout;
    }

    private Object variable(ProcessInstance closeout, String name) {
        return engine.getHistoryService()
                .createHistoricVariableInstanceQuery()
                .processInstanceId(closeout.getId())
                .variableName(name)
                .singleResult()
                .getValue();
    }

    private static final String CANCEL_JOB = """
            {"data":{"orderCancel":{"job":{"id":"gid://shopify/Job/it-cancel","done":false},
              "orderCancelUserErrors":[]}},
             "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""";

    /**
     * A refund made through the kernel as WF04 would, with its approval decided by the store's approver: its receipt is
     * local truth for the refund.
     */
    private void refund(String payment, long amount, String refundId) {
        PROVIDERS.stubFor(post(urlEqualTo("/stripe/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + payment))
                .willReturn(okJson(refundJson(refundId, amount, payment))));
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

    private static String refundJson(String id, long amount, String payment) {
        return """
                {"id":"%s","object":"refund","amount":%d,"currency":"usd","payment_intent":"%s",
                 "status":"succeeded"}""".formatted(id, amount, payment);
    }

    /** A capture made through the kernel as WF01 would, leaving its receipt: local truth for the payment. */
    private String capture(long amount) {
        String payment =
                "pi_close" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PROVIDERS.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/" + payment + "/capture"))
                .willReturn(okJson(paymentIntent(payment, amount))));
        kernel.execute(
                new RunContext(ACME, "wf01-" + payment, "corr-" + payment, "workflow:order-fulfill", "order-fulfill"),
                new ToolCall(
                        ToolRef.parse("stripe.payment.capture@1"), Json.object().put("paymentIntentId", payment)));
        CAPTURED.put(payment, amount);
        stripeSays(payment, amount);
        return payment;
    }

    /** Stripe's PaymentIntent, read with its latest charge expanded, which says what was refunded (REFUNDED). */
    private static void stripeSays(String payment, long received) {
        long refunded = REFUNDED.getOrDefault(payment, 0L);
        PROVIDERS.stubFor(get(urlPathEqualTo("/stripe/v1/payment_intents/" + payment))
                .withQueryParam("expand[0]", equalTo("latest_charge"))
                .willReturn(okJson(paymentIntent(payment, received).replaceFirst("}$", """
                                ,"latest_charge":{"id":"ch_%s","object":"charge","amount":%d,"amount_captured":%d,
                                 "amount_refunded":%d,"currency":"usd","payment_intent":"%s","status":"succeeded"}}""".formatted(
                                payment.substring(3), received, received, refunded, payment)))));
    }

    private static String paymentIntent(String id, long received) {
        return """
                {"id":"%s","object":"payment_intent","amount":%d,"amount_capturable":0,"amount_received":%d,
                 "capture_method":"manual","currency":"usd","livemode":false,"status":"succeeded"}""".formatted(id, received, received);
    }

    /** Shopify's answer for an order it has cancelled (preferred over the tests' catch-all order stub). */
    private static void shopifyShowsCancelled(long orderNumber, String cancelledAt) {
        PROVIDERS.stubFor(post(urlEqualTo(GRAPHQL))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderGet")))
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo("gid://shopify/Order/" + orderNumber)))
                .willReturn(okJson(shopifyOrder(orderNumber, cancelledAt))));
    }

    private static String shopifyOrder(long orderNumber, String cancelledAt) {
        return """
                {"data":{"order":{"id":"gid://shopify/Order/%d","name":"#%d","email":"ada@example.com",
                  "displayFinancialStatus":"VOIDED","cancelledAt":%s,
                  "totalPriceSet":{"shopMoney":{"amount":"25.00","currencyCode":"USD"}},
                  "lineItems":{"nodes":[{"sku":"TSHIRT-BLK-M","title":"T-shirt","quantity":1}]},
                  "shippingAddress":{"name":"Ada Lovelace","address1":"12 Analytical Row","city":"Portland",
                    "provinceCode":"OR","zip":"97201","countryCodeV2":"US"}}},
                 "extensions":{"cost":{"requestedQueryCost":3,"actualQueryCost":3}}}""".formatted(orderNumber, orderNumber, cancelledAt == null ? "null" : "\"" + cancelledAt + "\"");
    }

    /** WF01 up to the point where it waits for Printful's shipment (Printful order 777001). */
    private ProcessInstance waitingForShipment() {
        return waitingForShipment(1001, "pi_3Q0ship", 777001);
    }

    /** WF01 for Shopify order {@code #orderNumber} up to the point where it waits for Printful's shipment. */
    private ProcessInstance waitingForShipment(int orderNumber, String payment, long printfulOrder) {
        ProviderStubs.stubShopifyOrder(PROVIDERS, orderNumber, "AUTHORIZED");
        PROVIDERS.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/" + payment + "/capture"))
                .willReturn(okJson(paymentIntent(payment, 2500))));
        CAPTURED.put(payment, 2500L);
        // Authorised for this order until WF01 captures it; then Stripe shows it captured.
        ProviderStubs.stubStripePayment(PROVIDERS, payment, orderNumber, 2500, "usd");
        PROVIDERS.stubFor(post(urlEqualTo("/printful/v2/orders"))
                .willReturn(okJson("{\"data\":{\"id\":%d,\"external_id\":\"shopify-%d\",\"status\":\"draft\"}}"
                        .formatted(printfulOrder, orderNumber))));
        PROVIDERS.stubFor(post(urlEqualTo("/printful/v2/orders/" + printfulOrder + "/confirmation"))
                .willReturn(okJson("{\"data\":{\"id\":%d,\"status\":\"pending\"}}".formatted(printfulOrder))));
        PROVIDERS.stubFor(post(urlEqualTo("/sendgrid/v3/mail/send"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Message-Id", "msg-it-closeout")));
        ProcessInstance order = orders.startFulfilment(
                new PaidOrder(ACME, "gid://shopify/Order/" + orderNumber, payment, "corr-wf07-ship-" + orderNumber));
        for (int step = 0; step < 6; step++) {
            assertThat(order).isActive();
            execute(job());
        }
        assertThat(order).isWaitingAt("Event_ShipmentSent");
        stripeSays(payment, 2500);
        return order;
    }

    private ProcessInstance startCloseout() {
        ProcessInstance closeout = closeouts.closeOutNow(ACME, "corr-" + UUID.randomUUID());
        assertThat(closeout).isWaitingAt("Task_Reconcile");
        return closeout;
    }

    /** As Tasklist does it: the approver is the authenticated user, in the store's group and tenant. */
    private void decide(ProcessInstance closeout, boolean approve) {
        EngineSteps.decide(
                engine, closeout, "Task_ApproveRepair", APPROVER, ACME, approve, "checked the Stripe dashboard");
    }

    /** One pass of the hourly schedule, as the closeout's own principal. */
    private Reconciliation.Report scheduledPass() {
        return detector.run(new RunContext(
                ACME, "schedule-" + UUID.randomUUID(), "corr", "workflow:daily-closeout", "daily-closeout"));
    }

    private List<ReconciliationRow> rowsOf(String kind, String id) {
        String entity = ACME.value() + ":" + kind + ":" + id;
        return detector.list(ACME, EnumSet.allOf(Status.class)).stream()
                .filter(row -> row.entityId().equals(entity))
                .toList();
    }

    private long receipts(String tool, String runId) {
        return receiptStore.chain(ACME).stream()
                .filter(receipt ->
                        receipt.tool().equals(tool) && receipt.executionId().equals(runId))
                .count();
    }
}
