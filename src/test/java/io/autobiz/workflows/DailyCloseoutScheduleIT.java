package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.SlackStubs;
import io.autobiz.testsupport.StripeStubs;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * WF07's schedule, deployment and bounds: the store's own deployment started by its daily timer (driven through
 * ClockUtil), and a backlog closed within the store's shipped bounds over several runs. Set-up and helpers: {@link DailyCloseoutSupport}.
 */
@IntegrationExternal
class DailyCloseoutScheduleIT extends DailyCloseoutSupport {

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
        providers.verify(
                1,
                SlackStubs.messages()
                        .withRequestBody(containing("channel=" + CHANNEL))
                        .withRequestBody(containing("Daily%20closeout%20of%20acme")));
        assertThat(providers.findAll(StripeStubs.refundRequests())).isEmpty();
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
        providers.resetRequests();
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
                providers.findAll(getRequestedFor(urlPathMatching("/stripe/v1/payment_intents/.*"))).stream()
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
}
