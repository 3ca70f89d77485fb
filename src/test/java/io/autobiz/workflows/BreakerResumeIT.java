package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.resilience.CircuitBreakers;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.PrintfulStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.OrderWorkflows.PaidOrder;
import java.time.Duration;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A circuit breaker that opens while WF01 captures a payment (Stripe answering 503) keeps the workflow waiting at the
 * capture instead of failing it, refuses further calls without reaching Stripe, and lets the job through once Stripe
 * is back: the workflow resumes and the capture succeeds exactly once.
 */
@WorkflowIT(
        properties = {
            "autobiz.circuit-breakers.minimum-calls=2",
            "autobiz.circuit-breakers.window-size=2",
            // WF01 reads the payment (a success) before the capture: only the two failed captures open the breaker.
            "autobiz.circuit-breakers.failure-rate-threshold=100",
            "autobiz.circuit-breakers.wait-in-open=PT1S",
            "autobiz.circuit-breakers.probes-in-half-open=1",
            "autobiz.webhooks.processor.enabled=false"
        })
@IntegrationExternal
class BreakerResumeIT {

    @Autowired
    ProcessEngine engine;

    @Autowired
    WireMockServer providers;

    @Autowired
    OrderWorkflows workflows;

    @Autowired
    CircuitBreakers breakers;

    @Test
    @DisplayName("P1-TASK-26 a breaker that opens during WF01 holds the workflow at the capture and resumes it after"
            + " recovery, with exactly one successful capture")
    void workflowResumesAfterTheBreakerCloses() {
        providers.stubFor(ShopifyStubs.order(2002, "AUTHORIZED"));
        providers.stubFor(StripeStubs.authorized("pi_breaker1", 2002, 2500));
        providers.stubFor(PrintfulStubs.orderCreated(777002, 2002));
        providers.stubFor(StripeStubs.capture("pi_breaker1")
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"unavailable\"}}")));
        ManagementService management = engine.getManagementService();
        ProcessInstance order = workflows.startFulfilment(
                new PaidOrder(TenantId.of("acme"), ShopifyStubs.gid(2002), "pi_breaker1", "corr-breaker"));
        runJob(management, order);
        runJob(management, order);
        runJob(management, order);
        assertThat(order).isWaitingAt("Task_CapturePayment");

        assertThatThrownBy(() -> runJob(management, order)).hasMessageContaining("PROVIDER_UNAVAILABLE");
        assertThatThrownBy(() -> runJob(management, order)).hasMessageContaining("PROVIDER_UNAVAILABLE");
        assertThat(breakers.stateOf("stripe")).isEqualTo(CircuitBreakers.State.OPEN);
        assertThatThrownBy(() -> runJob(management, order)).hasMessageContaining("DEPENDENCY_UNAVAILABLE");
        providers.verify(2, StripeStubs.captureRequested("pi_breaker1"));
        assertThat(order).isWaitingAt("Task_CapturePayment");
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(order.getId())
                        .count())
                .as("the refusal is retried, not an incident")
                .isZero();

        providers.stubFor(StripeStubs.captured("pi_breaker1", 2500));
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try {
                        runJob(management, order);
                        return true;
                    } catch (RuntimeException stillOpen) {
                        assertThat(stillOpen).hasMessageContaining("DEPENDENCY_UNAVAILABLE");
                        return false;
                    }
                });

        assertThat(order).isWaitingAt("Task_ConfirmFulfilment").variables().containsEntry("paymentStatus", "succeeded");
        assertThat(breakers.stateOf("stripe")).isEqualTo(CircuitBreakers.State.CLOSED);
        providers.verify(3, StripeStubs.captureRequested("pi_breaker1"));
        HistoryService history = engine.getHistoryService();
        assertThat(history.createHistoricActivityInstanceQuery()
                        .processInstanceId(order.getId())
                        .activityId("Task_CapturePayment")
                        .finished()
                        .count())
                .as("the capture step completed once")
                .isEqualTo(1);
    }

    /** Runs the instance's current job as the job executor would, with retries left so the engine keeps it. */
    private static void runJob(ManagementService management, ProcessInstance order) {
        Job job = management.createJobQuery().processInstanceId(order.getId()).singleResult();
        management.setJobRetries(job.getId(), 3);
        management.executeJob(job.getId());
    }
}
