package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.resilience.CircuitBreakers;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.autobiz.workflows.OrderWorkflows.PaidOrder;
import java.time.Duration;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A circuit breaker that opens while WF01 captures a payment (Stripe answering 503) keeps the workflow waiting at the
 * capture instead of failing it, refuses further calls without reaching Stripe, and lets the job through once Stripe
 * is back: the workflow resumes and the capture succeeds exactly once.
 */
@SpringBootTest(
        properties = {
            "autobiz.circuit-breakers.minimum-calls=2",
            "autobiz.circuit-breakers.window-size=2",
            // WF01 reads the payment (a success) before the capture: only the two failed captures open the breaker.
            "autobiz.circuit-breakers.failure-rate-threshold=100",
            "autobiz.circuit-breakers.wait-in-open=PT1S",
            "autobiz.circuit-breakers.probes-in-half-open=1",
            "autobiz.webhooks.processor.enabled=false"
        })
@ActiveProfiles({"postgres", "it"})
@IntegrationExternal
class BreakerResumeIT {

    private static final TestDatabase DATABASE = TestPostgres.newDatabase();
    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    private static final String CAPTURE = "/stripe/v1/payment_intents/pi_breaker1/capture";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        ProviderStubs.properties(PROVIDERS).forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.stop();
    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    OrderWorkflows workflows;

    @Autowired
    CircuitBreakers breakers;

    @Test
    @DisplayName("P1-TASK-26 a breaker that opens during WF01 holds the workflow at the capture and resumes it after"
            + " recovery, with exactly one successful capture")
    void workflowResumesAfterTheBreakerCloses() {
        BpmnAwareTests.init(engine);
        ProviderStubs.stubShopifyOrder(PROVIDERS, 2002, "AUTHORIZED");
        ProviderStubs.stubStripePayment(PROVIDERS, "pi_breaker1", 2002, 2500, "usd");
        PROVIDERS.stubFor(post(urlEqualTo("/printful/v2/orders"))
                .willReturn(
                        okJson("{\"data\":{\"id\":777002,\"external_id\":\"shopify-2002\",\"status\":\"draft\"}}")));
        PROVIDERS.stubFor(post(urlEqualTo(CAPTURE))
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"unavailable\"}}")));
        ManagementService management = engine.getManagementService();
        ProcessInstance order = workflows.startFulfilment(
                new PaidOrder(TenantId.of("acme"), "gid://shopify/Order/2002", "pi_breaker1", "corr-breaker"));
        runJob(management, order);
        runJob(management, order);
        runJob(management, order);
        assertThat(order).isWaitingAt("Task_CapturePayment");

        assertThatThrownBy(() -> runJob(management, order)).hasMessageContaining("PROVIDER_UNAVAILABLE");
        assertThatThrownBy(() -> runJob(management, order)).hasMessageContaining("PROVIDER_UNAVAILABLE");
        assertThat(breakers.stateOf("stripe")).isEqualTo(CircuitBreakers.State.OPEN);
        assertThatThrownBy(() -> runJob(management, order)).hasMessageContaining("DEPENDENCY_UNAVAILABLE");
        PROVIDERS.verify(2, postRequestedFor(urlEqualTo(CAPTURE)));
        assertThat(order).isWaitingAt("Task_CapturePayment");
        assertThat(engine.getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(order.getId())
                        .count())
                .as("the refusal is retried, not an incident")
                .isZero();

        PROVIDERS.stubFor(post(urlEqualTo(CAPTURE)).willReturn(okJson("""
                {"id":"pi_breaker1","object":"payment_intent","amount":2500,"amount_capturable":0,
                 "amount_received":2500,"capture_method":"manual","currency":"usd","livemode":false,
                 "status":"succeeded"}""")));
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
        PROVIDERS.verify(3, postRequestedFor(urlEqualTo(CAPTURE)));
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
