package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.PrintfulStubs;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.SendGridStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.OrderWorkflows.PaidOrder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WF01 on PostgreSQL (row-level security on, application role), providers on WireMock, the job executor off and each
 * job executed by the test, so every step's transaction is the one the engine would run.
 */
@WorkflowIT
@IntegrationExternal
class OrderFulfillProcessIT {

    private static final TenantId ACME = TenantId.of("acme");

    @Autowired
    ProcessEngine engine;

    @Autowired
    WireMockServer providers;

    @Autowired
    OrderWorkflows workflows;

    @Autowired
    Traces traces;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void stubProviders() {
        providers.stubFor(ShopifyStubs.order(1001, "AUTHORIZED"));
        providers.stubFor(StripeStubs.authorized("pi_3Q0abc", 1001, 2500));
        providers.stubFor(StripeStubs.captured("pi_3Q0abc", 2500));
        stubPrintfulOrder(777001, 1001);
        providers.stubFor(SendGridStubs.accepted("msg-it-1"));
    }

    private ProcessInstance startOrder(String paymentIntentId, String correlationId) {
        return startOrder(1001, paymentIntentId, correlationId);
    }

    /**
     * An order of its own, so that no earlier test's receipts for the same effects are replayed and no earlier run of
     * the same order makes this one a duplicate; Stripe shows its payment authorised for it (25.00 USD).
     */
    private ProcessInstance startOrder(long orderNumber, String paymentIntentId, String correlationId) {
        providers.stubFor(ShopifyStubs.order(orderNumber, "AUTHORIZED"));
        if (paymentIntentId.startsWith("pi_")) {
            providers.stubFor(StripeStubs.authorized(paymentIntentId, orderNumber, 2500));
        }
        return workflows.startFulfilment(
                new PaidOrder(ACME, ShopifyStubs.gid(orderNumber), paymentIntentId, correlationId));
    }

    @Test
    @DisplayName("P1-T19 WF01 happy path: fetch, capture, create and confirm fulfilment, mail, shipment, shipped mail")
    void happyPath() {
        ProcessInstance order = startOrder("pi_3Q0abc", "corr-wf01-happy");
        assertThat(order.getTenantId()).isEqualTo("acme");

        assertThat(order).isWaitingAt("Task_FetchOrder");
        execute(job());
        assertThat(order)
                .isWaitingAt("Task_FetchPayment")
                .variables()
                .containsEntry("customerEmail", "ada@example.com")
                .containsEntry("orderFinancialStatus", "AUTHORIZED");
        execute(job());
        assertThat(order)
                .isWaitingAt("Task_CreateFulfilment")
                .variables()
                .containsEntry("paymentOrderId", "gid://shopify/Order/1001")
                .containsEntry("fulfilmentCheck", "FULFIL");
        execute(job());
        assertThat(order).isWaitingAt("Task_CapturePayment").variables().containsEntry("printfulOrderId", 777001L);
        execute(job());
        assertThat(order).isWaitingAt("Task_ConfirmFulfilment").variables().containsEntry("paymentStatus", "succeeded");
        execute(job());
        assertThat(order).isWaitingAt("Task_SendConfirmation");
        execute(job());
        assertThat(order).isWaitingAt("Event_ShipmentSent");

        assertThat(workflows.shipmentSent(
                        ACME,
                        777001L,
                        Map.of(
                                "trackingNumber",
                                "9400100000000000000001",
                                "trackingUrl",
                                "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000001",
                                "carrier",
                                "USPS")))
                .contains(order.getId());
        assertThat(order).isWaitingAt("Task_SendShippedMail");
        execute(job());
        assertThat(order)
                .isEnded()
                .hasPassedInOrder(
                        "Task_FetchOrder",
                        "Task_FetchPayment",
                        "Task_CheckOrder",
                        "Task_CreateFulfilment",
                        "Task_CapturePayment",
                        "Task_ConfirmFulfilment",
                        "Task_SendConfirmation",
                        "Event_ShipmentSent",
                        "Task_SendShippedMail",
                        "EndEvent_OrderFulfilled");
        assertThat(meters.get("run_steps")
                        .tag("workflow", "order-fulfill")
                        .summary()
                        .max())
                .as("P1-TASK-08 run_steps histogram: the seven tool calls of this run")
                .isGreaterThanOrEqualTo(7.0);

        providers.verify(
                1,
                StripeStubs.captureRequested("pi_3Q0abc")
                        .withHeader("Authorization", equalTo("Bearer sk_test_it_fake_key_for_wiremock")));
        providers.verify(
                1,
                postRequestedFor(urlEqualTo("/printful/v2/orders"))
                        .withHeader("Authorization", equalTo("Bearer it-fake-printful-token"))
                        .withHeader("X-PF-Store-Id", equalTo("4242"))
                        .withRequestBody(equalToJson("""
                        {"external_id":"shopify-1001","shipping":"STANDARD",
                         "recipient":{"name":"Ada Lovelace","address1":"12 Analytical Row","city":"Portland",
                           "zip":"97201","country_code":"US","state_code":"OR"},
                         "order_items":[{"source":"catalog","catalog_variant_id":4017,"quantity":1}]}""")));
        providers.verify(
                2,
                SendGridStubs.mails()
                        .withRequestBody(matchingJsonPath("$.mail_settings.sandbox_mode.enable", equalTo("true")))
                        .withRequestBody(
                                matchingJsonPath("$.personalizations[0].to[0].email", equalTo("ada@example.com"))));
        providers.verify(
                1,
                SendGridStubs.mails()
                        .withRequestBody(matchingJsonPath(
                                "$.personalizations[0].dynamic_template_data.trackingNumber",
                                equalTo("9400100000000000000001"))));

        List<StoredTraceEvent> transcript = traces.transcript(ACME, order.getId());
        assertThat(transcript)
                .extracting(StoredTraceEvent::tool)
                .containsExactly(
                        "shopify.order.get@1",
                        "stripe.payment.get@1",
                        "printful.order.create@1",
                        "stripe.payment.capture@1",
                        "printful.order.confirm@1",
                        "sendgrid.mail.send@1",
                        "sendgrid.mail.send@1");
        assertThat(transcript).allSatisfy(event -> {
            assertThat(event.correlationId()).isEqualTo("corr-wf01-happy");
            assertThat(event.outcome()).isEqualTo(TraceEvent.Outcome.OK);
            assertThat(event.principal()).isEqualTo("workflow:order-fulfill");
        });
    }

    @Test
    @DisplayName("P1-T19 WF01 compensation: Printful refuses the order, so the authorisation is voided, never captured")
    void rejectedFulfilmentVoidsTheAuthorisation() {
        providers.stubFor(post(urlEqualTo(PrintfulStubs.ORDERS)).willReturn(PrintfulStubs.error(400, """
                        {"code":400,"error":{"reason":"BadRequest","message":"Invalid address"}}""")));
        providers.stubFor(post(urlEqualTo(StripeStubs.PAYMENT_INTENTS + "pi_3Q0void/cancel"))
                .willReturn(okJson("""
                        {"id":"pi_3Q0void","object":"payment_intent","amount":2500,"amount_capturable":0,
                         "amount_received":0,"capture_method":"manual","currency":"usd","livemode":false,
                         "status":"canceled","cancellation_reason":"abandoned"}""")));
        ProcessInstance order = startOrder(1002, "pi_3Q0void", "corr-wf01-printful-refused");
        assertThat(order).isWaitingAt("Task_FetchOrder");
        execute(job());
        execute(job());
        assertThat(order).isWaitingAt("Task_CreateFulfilment");

        execute(job());
        assertThat(order).isWaitingAt("Task_VoidAuthorisation");
        execute(job());
        assertThat(order).isWaitingAt("Task_MailNotFulfilled");
        execute(job());

        assertThat(order)
                .isEnded()
                .hasPassedInOrder(
                        "Task_FetchOrder",
                        "Error_FulfilmentRejected",
                        "Task_VoidAuthorisation",
                        "Task_MailNotFulfilled",
                        "EndEvent_AuthorisationVoided")
                .hasNotPassed("Task_CapturePayment");
        providers.verify(0, postRequestedFor(urlPathMatching("/stripe/v1/payment_intents/.*/capture")));
        providers.verify(
                1,
                postRequestedFor(urlEqualTo("/stripe/v1/payment_intents/pi_3Q0void/cancel"))
                        .withRequestBody(containing("cancellation_reason=abandoned")));
        providers.verify(
                1,
                SendGridStubs.mailsOf("d-test-order-cancelled")
                        .withRequestBody(
                                matchingJsonPath("$.personalizations[0].to[0].email", equalTo("ada@example.com"))));
        assertThat(traces.transcript(ACME, order.getId()))
                .extracting(StoredTraceEvent::tool, StoredTraceEvent::errorCode)
                .containsExactly(
                        tuple("shopify.order.get@1", ""),
                        tuple("stripe.payment.get@1", ""),
                        tuple("printful.order.create@1", "PROVIDER_REJECTED"),
                        tuple("stripe.payment.void@1", ""),
                        tuple("sendgrid.mail.send@1", ""));
    }

    @Test
    @DisplayName(
            "P1-T19 WF01 compensation: Stripe refuses the capture, so the Printful draft is cancelled, never confirmed")
    void refusedCaptureCancelsTheDraft() {
        providers.stubFor(StripeStubs.captureRefused("pi_3Q0refused"));
        providers.stubFor(PrintfulStubs.orderCreated(777003, 1003));
        providers.stubFor(delete(urlEqualTo(PrintfulStubs.ORDERS + "/777003"))
                .willReturn(okJson(PrintfulStubs.statusJson(777003, "canceled"))));
        ProcessInstance order = startOrder(1003, "pi_3Q0refused", "corr-wf01-capture-refused");
        assertThat(order).isWaitingAt("Task_FetchOrder");
        execute(job());
        execute(job());
        execute(job());
        assertThat(order).isWaitingAt("Task_CapturePayment");

        execute(job());
        assertThat(order).isWaitingAt("Task_CancelFulfilment");
        execute(job());
        assertThat(order).isWaitingAt("Task_MailPaymentNotTaken");
        execute(job());

        assertThat(order)
                .isEnded()
                .hasPassedInOrder(
                        "Task_CreateFulfilment",
                        "Error_CaptureRefused",
                        "Task_CancelFulfilment",
                        "Task_MailPaymentNotTaken",
                        "EndEvent_FulfilmentCancelled")
                .hasNotPassed("Task_ConfirmFulfilment");
        providers.verify(0, postRequestedFor(urlPathMatching("/printful/v2/orders/.*/confirmation")));
        providers.verify(1, deleteRequestedFor(urlEqualTo("/printful/v2/orders/777003")));
        providers.verify(1, SendGridStubs.mailsOf("d-test-order-cancelled"));
        assertThat(traces.transcript(ACME, order.getId()))
                .extracting(StoredTraceEvent::tool, StoredTraceEvent::errorCode)
                .containsExactly(
                        tuple("shopify.order.get@1", ""),
                        tuple("stripe.payment.get@1", ""),
                        tuple("printful.order.create@1", ""),
                        tuple("stripe.payment.capture@1", "PROVIDER_REJECTED"),
                        tuple("printful.order.cancel@1", ""),
                        tuple("sendgrid.mail.send@1", ""));
    }

    @Test
    @DisplayName("P1-T19 WF01 provider failure: a Printful outage at the confirmation is retried (R5), then an incident"
            + " for an operator; once Printful is back, retrying the incident confirms once and the run goes on")
    void printfulOutageBecomesAnIncidentThenResumes() {
        providers.stubFor(PrintfulStubs.orderCreated(777004, 1004));
        providers.stubFor(StripeStubs.captured("pi_3Q0outage", 2500));
        providers.stubFor(PrintfulStubs.confirmation(777004)
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        ProcessInstance order = startOrder(1004, "pi_3Q0outage", "corr-wf01-outage");
        assertThat(order).isWaitingAt("Task_FetchOrder");
        execute(job());
        execute(job());
        execute(job());
        execute(job());
        assertThat(order).isWaitingAt("Task_ConfirmFulfilment");

        ManagementService management = engine.getManagementService();
        assertThatThrownBy(() -> execute(job())).hasMessageContaining("PROVIDER_UNAVAILABLE");
        Job confirm =
                management.createJobQuery().processInstanceId(order.getId()).singleResult();
        assertThat(confirm.getRetries()).as("a provider outage is retried (R5)").isEqualTo(4);
        management.setJobRetries(confirm.getId(), 1);
        assertThatThrownBy(() -> management.executeJob(confirm.getId())).hasMessageContaining("PROVIDER_UNAVAILABLE");
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(order.getId())
                        .singleResult()
                        .getActivityId())
                .as("retries used up: an incident at the confirmation, for Cockpit")
                .isEqualTo("Task_ConfirmFulfilment");
        assertThat(order).isWaitingAt("Task_ConfirmFulfilment");

        // Printful is back; the operator retries the incident (Cockpit's "Retry", the same API).
        providers.stubFor(PrintfulStubs.confirmation(777004)
                .atPriority(1)
                .willReturn(okJson(PrintfulStubs.statusJson(777004, "pending"))));
        management.setJobRetries(confirm.getId(), 1);
        management.executeJob(confirm.getId());

        assertThat(order).isWaitingAt("Task_SendConfirmation").variables().containsEntry("fulfilmentStatus", "pending");
        providers.verify(1, StripeStubs.captureRequested("pi_3Q0outage"));
        providers.verify(3, postRequestedFor(urlEqualTo("/printful/v2/orders/777004/confirmation")));
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(order.getId())
                        .count())
                .isZero();
    }

    @Test
    @DisplayName("P1-T19 WF01 Printful refuses the confirmation (HTTP 409: the order was put on hold after the draft):"
            + " no retries and no incident; a person of the store checks the Printful order, then the run mails the"
            + " customer and waits for the shipment")
    void refusedConfirmationGoesToAPerson() {
        providers.stubFor(PrintfulStubs.orderCreated(777009, 1009));
        providers.stubFor(StripeStubs.captured("pi_3Q0onhold", 2500));
        providers.stubFor(PrintfulStubs.confirmation(777009).atPriority(1).willReturn(PrintfulStubs.error(409, """
                        {"code":409,"error":{"reason":"Conflict","message":"Order is on hold"}}""")));
        ProcessInstance order = startOrder(1009, "pi_3Q0onhold", "corr-wf01-onhold");
        assertThat(order).isWaitingAt("Task_FetchOrder");
        execute(job());
        execute(job());
        execute(job());
        execute(job());
        assertThat(order).isWaitingAt("Task_ConfirmFulfilment");

        execute(job());

        assertThat(order).hasPassed("Error_ConfirmRefused").isWaitingAt("Task_FollowUpConfirmRefused");
        EngineSteps.assertNoIncident(engine, order);
        providers.verify(1, postRequestedFor(urlEqualTo("/printful/v2/orders/777009/confirmation")));
        providers.verify(1, StripeStubs.captureRequested("pi_3Q0onhold"));
        Task followUp = EngineSteps.task(engine, order, "Task_FollowUpConfirmRefused");
        assertThat(engine.getTaskService().getIdentityLinksForTask(followUp.getId()))
                .extracting(IdentityLink::getGroupId)
                .contains("acme-approvers");

        EngineSteps.completeAs(engine, "approver", ACME, followUp, Map.of());
        assertThat(order).isWaitingAt("Task_SendConfirmation");
        execute(job());
        assertThat(order).isWaitingAt("Event_ShipmentSent");
        EngineSteps.assertNoIncident(engine, order);
    }

    @Test
    @DisplayName("P1-T02 an invalid tool input is refused before the tool runs: nothing reaches Stripe")
    void invalidInputNeverReachesTheProvider() {
        ProcessInstance order = startOrder(1006, "ch_not_a_payment_intent", "corr-wf01-invalid");
        assertThat(order).isWaitingAt("Task_FetchOrder");
        execute(job());
        assertThat(order).isWaitingAt("Task_FetchPayment");

        assertThatThrownBy(() -> execute(job())).hasMessageContaining("SCHEMA_INVALID");

        assertThat(engine.getManagementService()
                        .createJobQuery()
                        .processInstanceId(order.getId())
                        .singleResult()
                        .getRetries())
                .as("a refusal retrying cannot fix is not retried")
                .isZero();
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(order.getId())
                        .singleResult()
                        .getIncidentMessage())
                .as("the refusal itself, not the engine's 'no error handler' for it")
                .contains("SCHEMA_INVALID")
                .doesNotContain("ENGINE-02042");

        providers.verify(0, postRequestedFor(urlPathMatching("/stripe/.*")));
        assertThat(traces.transcript(ACME, order.getId()))
                .filteredOn(event -> event.outcome() == TraceEvent.Outcome.REFUSED)
                .singleElement()
                .satisfies(refusal -> {
                    assertThat(refusal.errorCode()).isEqualTo("SCHEMA_INVALID");
                    assertThat(refusal.tool()).isEqualTo("stripe.payment.get@1");
                    assertThat(refusal.detail()).contains("/paymentIntentId").doesNotContain("ch_not_a_payment_intent");
                });
    }

    @Test
    @DisplayName("P1-T05 a run that reaches max_steps is terminated by its event sub-process with the bound as reason")
    void boundTerminatesTheRun() {
        ProcessInstance order = workflows.startFulfilment(
                new PaidOrder(TenantId.of("tight"), "gid://shopify/Order/1001", "pi_3Q0abc", "corr-wf01-tight"));
        assertThat(order).isWaitingAt("Task_FetchOrder");
        execute(job());
        execute(job());
        assertThat(order).isWaitingAt("Task_CreateFulfilment");

        execute(job());

        assertThat(order).isEnded().hasPassed("StartEvent_BoundExceeded", "EndEvent_BoundTerminated");
        assertThat(engine.getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(order.getId())
                        .activityId("Task_CreateFulfilment")
                        .canceled()
                        .count())
                .as("the refused task was cancelled, not completed")
                .isEqualTo(1);
        assertThat(engine.getHistoryService()
                        .createHistoricVariableInstanceQuery()
                        .processInstanceId(order.getId())
                        .variableName("terminationReason")
                        .singleResult()
                        .getValue())
                .asString()
                .startsWith("BOUND_EXCEEDED:max_steps");
        providers.verify(0, postRequestedFor(urlPathMatching("/stripe/.*")));
        providers.verify(0, postRequestedFor(urlPathMatching("/printful/.*")));
        assertThat(meters.counter("run_ended_total", "workflow", "order-fulfill", "termination_reason", "max_steps")
                        .count())
                .as("the ended run is counted with its termination reason")
                .isEqualTo(1.0);
        assertThat(traces.transcript(TenantId.of("tight"), order.getId()))
                .extracting(StoredTraceEvent::errorCode)
                .containsExactly("", "", "BOUND_EXCEEDED:max_steps");
    }

    @Test
    @DisplayName("P1-T31 a run's transcript is invisible to another store")
    void transcriptIsTenantScoped() {
        ProcessInstance order = startOrder(1007, "pi_3Q0scoped", "corr-wf01-scoped");
        assertThat(order).isWaitingAt("Task_FetchOrder");
        execute(job());

        assertThat(traces.transcript(ACME, order.getId())).hasSize(1);
        assertThat(traces.transcript(TenantId.of("globex"), order.getId())).isEmpty();
    }

    @Test
    @DisplayName("P1-T19 attack: a second orders/paid for an order whose WF01 completed starts a run that creates no"
            + " Printful order, captures nothing, mails nothing and leaves no incident")
    void replayAfterCompletionFulfilsNothing() {
        stubPrintfulOrder(777010, 1010);
        stubCapture("pi_3Q0replay");
        ProcessInstance first = startOrder(1010, "pi_3Q0replay", "corr-wf01-replay-1");
        runJobs(first);
        assertThat(workflows.shipmentSent(ACME, 777010L, tracking())).contains(first.getId());
        runJobs(first);
        assertThat(first).isEnded().hasPassed("EndEvent_OrderFulfilled");
        // What the providers show now: the payment was captured; Shopify still has the order as paid.
        providers.stubFor(StripeStubs.payment("pi_3Q0replay", "gid://shopify/Order/1010", 2500, "usd", "succeeded"));
        providers.resetRequests();

        ProcessInstance replay = workflows.startFulfilment(
                new PaidOrder(ACME, "gid://shopify/Order/1010", "pi_3Q0replay", "corr-wf01-replay-2"));
        runJobs(replay);

        assertThat(replay)
                .isEnded()
                .hasPassed("EndEvent_AlreadyFulfilled")
                .hasNotPassed("Task_CreateFulfilment", "Task_CapturePayment", "Task_SendConfirmation");
        assertNothingCreatedOrCaptured(replay);
        providers.verify(0, SendGridStubs.mails());
    }

    @Test
    @DisplayName("P1-T19 attack: a second run started while the order's run waits for its shipment ends quietly, and"
            + " the shipment still reaches the first run")
    void secondRunWhileTheFirstWaitsFulfilsNothing() {
        stubPrintfulOrder(777011, 1011);
        stubCapture("pi_3Q0twice");
        ProcessInstance first = startOrder(1011, "pi_3Q0twice", "corr-wf01-twice-1");
        runJobs(first);
        assertThat(first).isWaitingAt("Event_ShipmentSent");
        providers.resetRequests();

        ProcessInstance second = workflows.startFulfilment(
                new PaidOrder(ACME, "gid://shopify/Order/1011", "pi_3Q0twice", "corr-wf01-twice-2"));
        runJobs(second);

        assertThat(second)
                .isEnded()
                .hasPassed("EndEvent_AlreadyFulfilled")
                .hasNotPassed("Task_CreateFulfilment", "Task_CapturePayment");
        assertNothingCreatedOrCaptured(second);
        assertThat(workflows.shipmentSent(ACME, 777011L, tracking())).contains(first.getId());
    }

    @Test
    @DisplayName("P1-T19 attack: of two runs of one order started together, exactly one creates and captures, whichever"
            + " checks first")
    void twoRunsStartedTogetherFulfilOnce() {
        stubPrintfulOrder(777018, 1018);
        stubCapture("pi_3Q0together");
        ProcessInstance first = startOrder(1018, "pi_3Q0together", "corr-wf01-together-1");
        ProcessInstance second = workflows.startFulfilment(
                new PaidOrder(ACME, "gid://shopify/Order/1018", "pi_3Q0together", "corr-wf01-together-2"));

        runJobs(second);
        runJobs(first);

        List<ProcessInstance> runs = List.of(first, second);
        assertThat(runs.stream().filter(run -> passed(run, "Task_CreateFulfilment")))
                .as("exactly one run goes on")
                .hasSize(1);
        assertThat(runs.stream().filter(run -> passed(run, "EndEvent_AlreadyFulfilled")))
                .as("the other ends quietly")
                .hasSize(1);
        providers.verify(1, postRequestedFor(urlEqualTo("/printful/v2/orders")));
        providers.verify(1, StripeStubs.captureRequested("pi_3Q0together"));
        assertThat(runs)
                .allSatisfy(run -> assertThat(engine.getHistoryService()
                                .createHistoricIncidentQuery()
                                .processInstanceId(run.getId())
                                .count())
                        .isZero());
    }

    private boolean passed(ProcessInstance run, String activityId) {
        return engine.getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(run.getId())
                        .activityId(activityId)
                        .count()
                > 0;
    }

    @Test
    @DisplayName("P1-T20 attack: a paid order naming another order's PaymentIntent captures nothing and leaves a"
            + " follow-up task for the store's people")
    void paymentOfAnotherOrderIsNotCaptured() {
        assertPaymentMismatchCapturesNothing(1012, "gid://shopify/Order/999999", 2500, "usd");
    }

    @Test
    @DisplayName("P1-T20 attack: a PaymentIntent of another amount than the order's total captures nothing")
    void paymentOfAnotherAmountIsNotCaptured() {
        assertPaymentMismatchCapturesNothing(1013, "gid://shopify/Order/1013", 100, "usd");
    }

    @Test
    @DisplayName("P1-T20 attack: a PaymentIntent in another currency than the order's captures nothing")
    void paymentInAnotherCurrencyIsNotCaptured() {
        assertPaymentMismatchCapturesNothing(1014, "gid://shopify/Order/1014", 2500, "eur");
    }

    @Test
    @DisplayName("P1-T19 attack: an orders/paid for an order Shopify shows cancelled creates nothing")
    void cancelledOrderIsNotFulfilled() {
        stubCapture("pi_3Q0cancelled");
        ProcessInstance order = startOrder(1015, "pi_3Q0cancelled", "corr-wf01-cancelled");
        providers.stubFor(ShopifyStubs.cancelledOrder(1015, "AUTHORIZED"));
        runJobs(order);

        assertThat(order)
                .isEnded()
                .hasPassed("EndEvent_NotFulfilledCancelled")
                .hasNotPassed("Task_CreateFulfilment", "Task_CapturePayment");
        assertNothingCreatedOrCaptured(order);
    }

    @Test
    @DisplayName("P1-T19 attack: an orders/paid for an order Shopify shows unpaid (pending) creates nothing")
    void unpaidOrderIsNotFulfilled() {
        stubCapture("pi_3Q0unpaid");
        ProcessInstance order = startOrder(1016, "pi_3Q0unpaid", "corr-wf01-unpaid");
        providers.stubFor(ShopifyStubs.order(1016, "PENDING"));
        runJobs(order);

        assertThat(order)
                .isEnded()
                .hasPassed("EndEvent_NotPaid")
                .hasNotPassed("Task_CreateFulfilment", "Task_CapturePayment");
        assertNothingCreatedOrCaptured(order);
    }

    @Test
    @DisplayName("P1-T20 a PaymentIntent that is not waiting for capture (already captured, no earlier run on record)"
            + " creates nothing and captures nothing")
    void paymentNotCapturableIsNotFulfilled() {
        stubCapture("pi_3Q0captured");
        ProcessInstance order = startOrder(1017, "pi_3Q0captured", "corr-wf01-captured");
        providers.stubFor(StripeStubs.payment("pi_3Q0captured", "gid://shopify/Order/1017", 2500, "usd", "succeeded"));
        runJobs(order);

        assertThat(order)
                .isEnded()
                .hasPassed("EndEvent_PaymentNotCapturable")
                .hasNotPassed("Task_CreateFulfilment", "Task_CapturePayment");
        assertNothingCreatedOrCaptured(order);
    }

    @Test
    @DisplayName("P1-T20 Shopify has no such order (deleted after the webhook): the run ends 'Not fulfilled: no such"
            + " order in Shopify', reads no payment, writes to no provider, no incident")
    void orderNotFoundIsNotFulfilled() {
        ProcessInstance order = startOrder(1031, "pi_3Q0noorder", "corr-wf01-no-order");
        providers.stubFor(ShopifyStubs.orderNotFound());
        runJobs(order);

        assertThat(order)
                .isEnded()
                .hasPassed("Error_OrderNotFound", "EndEvent_OrderNotFound")
                .hasNotPassed("Task_FetchPayment", "Task_CreateFulfilment", "Task_CapturePayment");
        assertNothingCreatedOrCaptured(order);
        providers.verify(0, getRequestedFor(urlPathMatching("/stripe/.*")));
        assertThat(ProviderStubs.writes(providers))
                .as("requests that could change a provider")
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T20 Stripe has no such PaymentIntent (HTTP 404): the run ends 'Not fulfilled: no such payment in"
            + " Stripe' before the check, writes to no provider, no incident")
    void paymentNotFoundIsNotFulfilled() {
        ProcessInstance order = startOrder(1032, "pi_3Q0gone1032", "corr-wf01-no-payment");
        providers.stubFor(StripeStubs.paymentNotFound("pi_3Q0gone1032"));
        runJobs(order);

        assertThat(order)
                .isEnded()
                .hasPassed("Error_PaymentNotFound", "EndEvent_PaymentNotFound")
                .hasNotPassed("Task_CheckOrder", "Task_CreateFulfilment", "Task_CapturePayment");
        assertNothingCreatedOrCaptured(order);
        providers.verify(1, getRequestedFor(urlPathEqualTo("/stripe/v1/payment_intents/pi_3Q0gone1032")));
        assertThat(ProviderStubs.writes(providers))
                .as("requests that could change a provider")
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T20 Stripe refuses AutoBiz's key (HTTP 401) on the payment lookup: an incident at once with the"
            + " refusal, not the 'no such payment' end; nothing created or captured")
    void refusedKeyIsAnIncidentNotAMissingPayment() {
        ProcessInstance order = startOrder(1033, "pi_3Q0badkey1033", "corr-wf01-bad-key");
        providers.stubFor(StripeStubs.paymentIntent("pi_3Q0badkey1033").willReturn(StripeStubs.error(401, """
                {"error":{"message":"Invalid API Key provided","type":"invalid_request_error"}}""")));

        assertThatThrownBy(() -> runJobs(order)).hasMessageContaining("PROVIDER_REJECTED");

        assertThat(order).isNotEnded().hasNotPassed("Error_PaymentNotFound", "EndEvent_PaymentNotFound");
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(order.getId())
                        .singleResult()
                        .getIncidentMessage())
                .contains("HTTP 401")
                .doesNotContain("ENGINE-02042");
        assertThat(engine.getManagementService()
                        .createJobQuery()
                        .processInstanceId(order.getId())
                        .singleResult()
                        .getRetries())
                .as("a refused key is not retried")
                .isZero();
        assertThat(ProviderStubs.writes(providers)).isEmpty();
    }

    private void assertPaymentMismatchCapturesNothing(
            long orderNumber, String metadataOrderId, long amount, String currency) {
        String paymentIntentId = "pi_3Q0mismatch" + orderNumber;
        stubCapture(paymentIntentId);
        ProcessInstance order = startOrder(orderNumber, paymentIntentId, "corr-wf01-mismatch-" + orderNumber);
        providers.stubFor(StripeStubs.payment(paymentIntentId, metadataOrderId, amount, currency, "requires_capture"));
        runJobs(order);

        assertThat(order).isWaitingAt("Task_FollowUpPaymentMismatch");
        assertNothingCreatedOrCaptured(order);
        Task followUp = EngineSteps.task(engine, order, "Task_FollowUpPaymentMismatch");
        assertThat(engine.getTaskService().getIdentityLinksForTask(followUp.getId()))
                .extracting(IdentityLink::getGroupId)
                .contains("acme-approvers");
        assertThat(engine.getRuntimeService().getVariable(order.getId(), "fulfilmentCheckReason"))
                .asString()
                .contains(paymentIntentId);

        EngineSteps.completeAs(engine, "approver", ACME, followUp, Map.of());
        assertThat(order).isEnded().hasPassed("EndEvent_PaymentMismatch");
        assertNothingCreatedOrCaptured(order);
    }

    /** No Printful order, no capture, no void reached the providers, and the run has had no incident. */
    private void assertNothingCreatedOrCaptured(ProcessInstance run) {
        providers.verify(0, postRequestedFor(urlEqualTo("/printful/v2/orders")));
        providers.verify(0, postRequestedFor(urlPathMatching("/stripe/v1/payment_intents/.*/capture")));
        providers.verify(0, postRequestedFor(urlPathMatching("/stripe/v1/payment_intents/.*/cancel")));
        EngineSteps.assertNoIncident(engine, run);
    }

    /** Executes the run's jobs as the job executor would, until it waits for something else or has ended. */
    private void runJobs(ProcessInstance run) {
        ManagementService management = engine.getManagementService();
        for (int i = 0; i < 20; i++) {
            Job next = management
                    .createJobQuery()
                    .processInstanceId(run.getId())
                    .executable()
                    .singleResult();
            if (next == null) {
                return;
            }
            management.executeJob(next.getId());
        }
        throw new AssertionError("the run still has jobs after 20 steps");
    }

    private void stubPrintfulOrder(long printfulOrderId, long orderNumber) {
        providers.stubFor(PrintfulStubs.orderCreated(printfulOrderId, orderNumber));
        providers.stubFor(PrintfulStubs.confirmed(printfulOrderId, "pending"));
    }

    private void stubCapture(String paymentIntentId) {
        providers.stubFor(StripeStubs.captured(paymentIntentId, 2500));
    }

    private static Map<String, Object> tracking() {
        return Map.of(
                "trackingNumber", "9400100000000000000099",
                "trackingUrl", "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000099",
                "carrier", "USPS");
    }
}
