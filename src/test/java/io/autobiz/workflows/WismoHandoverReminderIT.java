package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.LlmStubs;
import io.autobiz.testsupport.SlackStubs;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.WismoWorkflows.WismoRequest;
import java.time.Duration;
import java.util.Date;
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
 * WF05's SLA (issue 17): the "Answer the customer" hand-over is not decided by a timer; after the configured time the
 * store is reminded on its approval channel, through the kernel, and the task stays for a person. Driven by the
 * engine's clock, no waiting.
 */
@WorkflowIT(
        properties = {
            LlmStubs.PRIMARY_BASE_URL,
            LlmStubs.PRIMARY_MODEL,
            SlackStubs.METHODS_URL,
            "autobiz.approvals.slack.acme.channel=" + WismoHandoverReminderIT.CHANNEL,
            "autobiz.approvals.handover-reminder-after=PT2H",
            // Only this context's store has a Slack bot token (test-only value): the reminder posts with it.
            SlackStubs.BOT_TOKEN
        })
@IntegrationExternal
class WismoHandoverReminderIT {

    private static final TenantId ACME = TenantId.of("acme");
    private static final String PRIMARY = LlmStubs.PRIMARY;
    private static final String SLACK = SlackStubs.POST_MESSAGE;
    static final String CHANNEL = "C0TESTREMIND";

    @Autowired
    ProcessEngine engine;

    @Autowired
    WireMockServer providers;

    @Autowired
    WismoWorkflows wismo;

    @BeforeEach
    void stubProviders() {
        providers.stubFor(LlmStubs.answer(PRIMARY, "Read the customer's message", "wismo-intent-other"));
        providers.stubFor(SlackStubs.posted(CHANNEL, "1732440000.000300"));
    }

    @Test
    @DisplayName("P1-TASK-27 WF05 a hand-over nobody answers in time: the store is reminded on Slack once, through the"
            + " kernel, and the task stays open for a person, who then answers")
    void overdueHandoverRemindsTheStore() {
        ProcessInstance run = handedOver("wismo-sla-overdue");
        Job reminder = reminderTimer(run);
        assertThat(Duration.between(
                        ClockUtil.getCurrentTime().toInstant(),
                        reminder.getDuedate().toInstant()))
                .isBetween(Duration.ofHours(2).minusMinutes(1), Duration.ofHours(2));
        assertThat(dueJobs(run)).as("nothing is due before the SLA").isZero();

        ClockUtil.setCurrentTime(Date.from(reminder.getDuedate().toInstant().plusSeconds(1)));
        assertThat(dueJobs(run)).isEqualTo(1);
        engine.getManagementService().executeJob(reminder.getId());
        assertThat(run).isWaitingAt("Task_Handover", "Task_HandoverRemind");
        execute(engine.getManagementService()
                .createJobQuery()
                .processInstanceId(run.getId())
                .activityId("Task_HandoverRemind")
                .singleResult());

        providers.verify(
                1,
                postRequestedFor(urlEqualTo(SLACK))
                        .withRequestBody(containing("channel=" + CHANNEL))
                        .withRequestBody(containing("Answer%20the%20customer"))
                        .withRequestBody(containing(run.getId()))
                        // The reminder names the task, never the customer or what they wrote.
                        .withRequestBody(notContaining("ada%40example.com"))
                        .withRequestBody(notContaining("gift")));
        assertThat(run).hasPassed("End_HandoverReminded").isWaitingAt("Task_Handover");
        assertThat(engine.getManagementService()
                        .createJobQuery()
                        .processInstanceId(run.getId())
                        .count())
                .as("one reminder, not one per poll")
                .isZero();

        engine.getTaskService().complete(handover(run).getId());
        assertThat(run).isEnded().hasPassed("End_HandedOver");
    }

    @Test
    @DisplayName(
            "P1-TASK-27 WF05 a hand-over answered in time: its reminder timer goes with it and Slack is never told")
    void answeredInTimeCancelsTheReminder() {
        ProcessInstance run = handedOver("wismo-sla-in-time");
        assertThat(reminderTimer(run)).isNotNull();

        engine.getTaskService().complete(handover(run).getId());

        assertThat(run).isEnded().hasPassed("End_HandedOver").hasNotPassed("Task_HandoverRemind");
        assertThat(engine.getManagementService()
                        .createJobQuery()
                        .processInstanceId(run.getId())
                        .count())
                .isZero();
        providers.verify(0, postRequestedFor(urlEqualTo(SLACK)));
    }

    private ProcessInstance handedOver(String id) {
        ProcessInstance run = wismo.ask(new WismoRequest(ACME, id, "ada@example.com", "Do you sell gift cards?", id));
        assertThat(run).isWaitingAt("Task_ExtractIntent");
        execute(job());
        assertThat(run).isWaitingAt("Task_Handover");
        return run;
    }

    private Job reminderTimer(ProcessInstance run) {
        return engine.getManagementService()
                .createJobQuery()
                .processInstanceId(run.getId())
                .timers()
                .activityId("Timer_HandoverReminder")
                .singleResult();
    }

    private long dueJobs(ProcessInstance run) {
        return engine.getManagementService()
                .createJobQuery()
                .processInstanceId(run.getId())
                .executable()
                .count();
    }

    private Task handover(ProcessInstance run) {
        return engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(run.getId())
                .taskDefinitionKey("Task_Handover")
                .singleResult();
    }
}
