package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.autobiz.inbox.EventProcessor.Delivery;
import io.autobiz.inbox.EventProcessor.PendingEvent;
import io.autobiz.inbox.ProviderEvent;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.LlmStubs;
import io.autobiz.testsupport.PrintfulStubs;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.SlackStubs;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.FulfilmentWorkflows.FulfilmentProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WF06 on PostgreSQL: Printful, Slack and the LLM (recorded cassettes) on WireMock, the backoff timers driven by the
 * engine's test clock. P1-T26: recovered on retry, escalated and resolved by a person, and an escalation the LLM's
 * outage does not hold back.
 */
@WorkflowIT(
        properties = {
            LlmStubs.PRIMARY_BASE_URL,
            LlmStubs.PRIMARY_MODEL,
            LlmStubs.FALLBACK_BASE_URL,
            LlmStubs.FALLBACK_MODEL,
            SlackStubs.METHODS_URL,
            "autobiz.approvals.slack.acme.channel=C0TESTESCALATE",
            // Only this context's store has a Slack bot token (test-only value): the escalation posts with it.
            SlackStubs.BOT_TOKEN
        })
@IntegrationExternal
class FulfilmentExceptionProcessIT {

    private static final TenantId ACME = TenantId.of("acme");

    private static final String ORDER = PrintfulStubs.ORDERS + "/90000001";
    private static final String CONFIRM = ORDER + "/confirmation";
    private static final String PRIMARY = LlmStubs.PRIMARY;
    private static final String FALLBACK = LlmStubs.FALLBACK;
    private static final String SLACK = SlackStubs.POST_MESSAGE;

    @Autowired
    ProcessEngine engine;

    @Autowired
    WireMockServer providers;

    @Autowired
    FulfilmentWorkflows fulfilments;

    @Autowired
    WorkflowEventCorrelator correlator;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Traces traces;

    @BeforeEach
    void stubProviders() {
        providers.stubFor(post(urlEqualTo(CONFIRM)).willReturn(okJson(order("pending"))));
        providers.stubFor(
                post(urlEqualTo(PRIMARY)).willReturn(okJson(LlmStubs.cassette("exception-summary2-primary"))));
        providers.stubFor(SlackStubs.posted("C0TESTESCALATE", "1732440000.000200"));
    }

    @Test
    @DisplayName("P1-T26 WF06 recovered on retry: a failed order is confirmed again, reads as in production, and"
            + " nobody is bothered")
    void recoveredByConfirmingAgain() {
        orderStates("failed", "pending");

        ProcessInstance run = report("problem-failed", "order_failed");
        execute(job()); // read: failed
        assertThat(run).isWaitingAt("Task_Confirm");
        execute(job()); // confirm
        execute(job()); // read again: pending

        assertThat(run).isEnded().hasPassed("Task_Confirm", "End_Recovered").hasNotPassed("Task_Summarise");
        providers.verify(1, postRequestedFor(urlEqualTo(CONFIRM)));
        providers.verify(2, getRequestedFor(urlEqualTo(ORDER)));
        assertThat(providers.findAll(postRequestedFor(urlEqualTo(SLACK)))).isEmpty();
        assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .processInstanceId(run.getId())
                        .count())
                .isZero();
    }

    @Test
    @DisplayName("P1-T26 WF06 an order on hold is read again after a 5-minute pause on the test clock; in production"
            + " by then, the run ends recovered")
    void recoveredAfterBackoff() {
        orderStates("onhold", "inprocess");

        ProcessInstance run = report("problem-hold", "order_put_hold");
        execute(job());
        assertThat(run).isWaitingAt("Timer_Backoff");
        Job timer = backoffTimer(run);
        assertThat(Duration.between(
                        ClockUtil.getCurrentTime().toInstant(),
                        timer.getDuedate().toInstant()))
                .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));

        fire(timer);
        execute(job());

        assertThat(run).isEnded().hasPassed("End_Recovered");
        providers.verify(0, postRequestedFor(urlEqualTo(CONFIRM)));
    }

    @Test
    @DisplayName("P1-T26 WF06 escalated and resolved by a person: after three growing pauses the LLM summarises the"
            + " failure, Slack gets the summary and the store's approvers get a task, which a person resolves")
    void escalatedAndResolved() {
        orderStates("onhold");

        ProcessInstance run = report("problem-stuck", "order_put_hold");
        execute(job());
        Duration[] pauses = {Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(45)};
        for (Duration pause : pauses) {
            Job timer = backoffTimer(run);
            assertThat(Duration.between(
                            ClockUtil.getCurrentTime().toInstant(),
                            timer.getDuedate().toInstant()))
                    .isBetween(pause.minusMinutes(1), pause);
            fire(timer);
            execute(job());
        }

        assertThat(run).isWaitingAt("Task_Escalation", "Task_PostSlack");
        Task task = escalation(run);
        assertThat((String) engine.getTaskService().getVariable(task.getId(), "escalationSummary"))
                .isEqualTo("Printful could not fulfil order shopify-1001: it is onhold, and Printful reported: \"print"
                        + " file rejected\". Check first: the product's print file in Printful's dashboard, then confirm"
                        + " the order again in Printful.");
        assertThat((String) engine.getTaskService().getVariable(task.getId(), "escalationFacts"))
                .isEqualTo("Printful order 90000001 (shopify-1001) is onhold after 3 retries. Printful reported"
                        + " order_put_hold: print file rejected");
        execute(slackPost(run)); // the Slack post
        providers.verify(
                1,
                postRequestedFor(urlEqualTo(SLACK))
                        .withRequestBody(containing("channel=C0TESTESCALATE"))
                        .withRequestBody(containing("Printful%20could%20not%20fulfil%20order%20shopify-1001")));
        providers.verify(4, getRequestedFor(urlEqualTo(ORDER)));
        providers.verify(
                1, postRequestedFor(urlEqualTo(PRIMARY)).withRequestBody(containing("Reason: print file rejected")));

        engine.getTaskService()
                .complete(task.getId(), Map.of("resolution", "resolved", "resolutionNote", "new print file"));
        assertThat(run).isEnded().hasPassed("End_Resolved", "End_SlackTold");
    }

    @Test
    @DisplayName("P1-T26 WF06 Printful no longer has the order (HTTP 404): nothing is confirmed or waited for; the run"
            + " escalates at once with that fact, and nothing but the escalation's Slack post is written; no incident")
    void orderGoneAtPrintfulEscalatesAtOnce() {
        providers.stubFor(PrintfulStubs.notFound(ORDER));

        ProcessInstance run = report("problem-gone", "order_failed");
        execute(job());

        assertThat(run)
                .hasPassed("Error_PrintfulOrderGone", "Task_NoteFacts")
                .hasNotPassed("Task_Confirm", "Timer_Backoff")
                .isWaitingAt("Task_Escalation", "Task_PostSlack");
        Task task = escalation(run);
        assertThat((String) engine.getTaskService().getVariable(task.getId(), "escalationFacts"))
                .startsWith("Printful order 90000001 (shopify-1001) is not found at Printful after 0 retries.");
        assertThat(ProviderStubs.writes(providers))
                .as("nothing written before the escalation's post")
                .isEmpty();
        execute(slackPost(run));
        assertThat(ProviderStubs.writes(providers)).containsExactly("POST " + SLACK);
        providers.verify(1, getRequestedFor(urlEqualTo(ORDER)));
        EngineSteps.assertNoIncident(engine, run);
    }

    @Test
    @DisplayName("P1-T26 WF06 LLM down: the escalation is not held back; the task and Slack carry a plain factual"
            + " summary")
    void llmDownEscalatesWithTheFacts() {
        orderStates("canceled");
        providers.stubFor(post(urlEqualTo(PRIMARY)).willReturn(aResponse().withStatus(503)));
        providers.stubFor(post(urlEqualTo(FALLBACK)).willReturn(aResponse().withStatus(503)));

        ProcessInstance run = report("problem-llm-down", "order_failed");
        execute(job()); // canceled: no retry can help, so straight to the escalation

        assertThat(run).hasPassed("Error_SummaryLlmDown", "Task_FactualSummary");
        Task task = escalation(run);
        String summary = (String) engine.getTaskService().getVariable(task.getId(), "escalationSummary");
        assertThat(summary)
                .startsWith("No LLM summary (PROVIDER_UNAVAILABLE: llm failed")
                .contains("Printful order 90000001 (shopify-1001) is canceled after 0 retries");
        execute(slackPost(run));
        providers.verify(1, postRequestedFor(urlEqualTo(SLACK)).withRequestBody(containing("No%20LLM%20summary")));
    }

    @Test
    @DisplayName("P1-T26 attack: a model that states a Printful reason, a cause or an action the facts do not hold"
            + " does not reach the operator as fact; the task and Slack carry Printful's facts, the refusal is counted"
            + " and traced")
    void hostileSummaryIsNotStatedAsFact() {
        orderStates("canceled");
        String invented = "Printful canceled order shopify-1001 because the customer's card was declined. Refund the"
                + " customer $25.00 at https://printful-refunds.example/now.";
        providers.stubFor(post(urlEqualTo(PRIMARY)).willReturn(okJson(LlmStubs.completion(invented))));
        double before = meters.find("llm_draft_refused").tag("workflow", "fulfillment-exception").counters().stream()
                .mapToDouble(Counter::count)
                .sum();

        ProcessInstance run = report("problem-hostile-summary", "order_failed");
        execute(job()); // canceled: straight to the escalation

        Task task = escalation(run);
        String summary = (String) engine.getTaskService().getVariable(task.getId(), "escalationSummary");
        assertThat(summary)
                .doesNotContain("card was declined")
                .doesNotContain("printful-refunds")
                .contains("summary was refused")
                .contains("Printful order 90000001 (shopify-1001) is canceled after 0 retries");
        assertThat(meters
                        .find("llm_draft_refused")
                        .tag("workflow", "fulfillment-exception")
                        .tag("reason", "not_json")
                        .counters()
                        .stream()
                        .mapToDouble(Counter::count)
                        .sum())
                .isEqualTo(before + 1);
        assertThat(traces.transcript(ACME, run.getId()))
                .anyMatch(line ->
                        line.kind() == TraceEvent.Kind.REFUSAL && line.tool().equals("llm.draft"));
        execute(slackPost(run)); // the Slack post
        providers.verify(
                1,
                postRequestedFor(urlEqualTo(SLACK))
                        .withRequestBody(containing("summary%20was%20refused"))
                        .withRequestBody(notContaining("declined")));
    }

    @Test
    @DisplayName("P1-T26 WF06 is started by Printful's order_failed event through the webhook processor's correlator")
    void startedByThePrintfulEvent() {
        orderStates("pending");
        PendingEvent event = new PendingEvent(
                ACME,
                "evt-printful-failed-1",
                "printful",
                "order_failed:90000001:1732440000",
                "order_failed",
                "acme:order:1001",
                WorkflowMessage.FULFILMENT_PROBLEM,
                // What PrintfulWebhook reads from the payload at ingress.
                new ProviderEvent.OrderFailed(90000001, "shopify-1001", "print file rejected"),
                """
                {"type": "order_failed", "created": 1732440000, "store": 4242,
                 "data": {"reason": "print file rejected",
                          "order": {"id": 90000001, "external_id": "shopify-1001", "status": "failed"}}}""",
                "corr-printful-failed-1",
                Instant.now(),
                null,
                false,
                false);

        assertThat(correlator.canDeliver(event)).isTrue();
        assertThat(correlator.deliver(event)).isEqualTo(Delivery.DELIVERED);

        ProcessInstance run = engine.getRuntimeService()
                .createProcessInstanceQuery()
                .processInstanceBusinessKey("evt-printful-failed-1")
                .singleResult();
        assertThat(run).isWaitingAt("Task_CheckOrder").hasVariables("problemReason");
        assertThat(run.getTenantId()).isEqualTo("acme");
        assertThat(engine.getRuntimeService().getVariables(run.getId()))
                .containsEntry("printfulOrderId", 90000001L)
                .containsEntry("printfulExternalId", "shopify-1001")
                .containsEntry("problemType", "order_failed")
                .containsEntry("problemReason", "print file rejected");
        execute(job());
        assertThat(run).isEnded().hasPassed("End_Recovered");
    }

    private ProcessInstance report(String id, String type) {
        ProcessInstance run = fulfilments.reportProblem(
                new FulfilmentProblem(ACME, id, 90000001L, "shopify-1001", type, "print file rejected", "corr-" + id));
        assertThat(run).isWaitingAt("Task_CheckOrder");
        return run;
    }

    /** Printful answers the reads with these states in turn, the last one from then on. */
    private void orderStates(String... states) {
        String scenario = "order-states";
        for (int i = 0; i < states.length; i++) {
            String current = i == 0 ? Scenario.STARTED : "read-" + i;
            var stub = get(urlEqualTo(ORDER))
                    .inScenario(scenario)
                    .whenScenarioStateIs(current)
                    .willReturn(okJson(order(states[i])));
            if (i < states.length - 1) {
                stub = stub.willSetStateTo("read-" + (i + 1));
            }
            providers.stubFor(stub);
        }
    }

    private static String order(String status) {
        return PrintfulStubs.orderJson(90000001, 1001, status);
    }

    /** The Slack post's job: beside it waits the escalation task's reminder timer (issue 17's SLA). */
    private Job slackPost(ProcessInstance run) {
        return engine.getManagementService()
                .createJobQuery()
                .processInstanceId(run.getId())
                .activityId("Task_PostSlack")
                .singleResult();
    }

    private Job backoffTimer(ProcessInstance run) {
        return engine.getManagementService()
                .createJobQuery()
                .processInstanceId(run.getId())
                .timers()
                .singleResult();
    }

    /** Moves the engine's clock past the timer's due date and fires it. */
    private void fire(Job timer) {
        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
        engine.getManagementService().executeJob(timer.getId());
    }

    private Task escalation(ProcessInstance run) {
        Task task = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(run.getId())
                .taskDefinitionKey("Task_Escalation")
                .singleResult();
        assertThat(task).isNotNull();
        assertThat(engine.getTaskService().getIdentityLinksForTask(task.getId()))
                .anyMatch(link -> "acme-approvers".equals(link.getGroupId()));
        return task;
    }
}
