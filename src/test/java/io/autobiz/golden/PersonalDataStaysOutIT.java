package io.autobiz.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.testing.stage.IntegrationExternal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * INV-04 negative tests (P1-T04-NEG-*): customer data and secrets that reach the application — in a customer's
 * message, in a refund's reason, in Shopify's answer (the customer's name, e-mail and street), and the store's own
 * provider credentials — reach no persisted trace, no log line and no metric label. Real runs through the golden
 * runner (WF05 where-is-my-order, WF03 refund with its approval, WF01 paid order), then the traces of those runs, the
 * console output captured while they ran and a {@code /actuator/prometheus} scrape are searched. Also P1-T-RK05: the
 * redacted traces still carry what an operator needs to follow the run.
 */
@ExtendWith(OutputCaptureExtension.class)
// Tests switch metrics export off unless asked: the scrape must exist to be searched.
@AutoConfigureObservability(tracing = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@IntegrationExternal
class PersonalDataStaysOutIT extends GoldenApplication {

    private static final TenantId ACME = TenantId.of("acme");

    /**
     * Personal data that only this test uses, written into a customer's message and a refund's reason (the message
     * itself comes from the order's customer, GoldenWorld's, so that the store answers it).
     */
    private static final String EMAIL = "grace.hopper.inv04@navy.example";

    private static final String NAME = "Grace Brewster Hopper";
    private static final String STREET = "1 Compiler Lane";
    private static final String CARD = "4000 0566 5566 5556";
    /** A secret-looking value in what the customer writes; assembled so no scanner of the sources mistakes it. */
    private static final String PASTED_KEY =
            "sk_" + "live_" + UUID.randomUUID().toString().replace("-", "");

    /** The store's credentials as configured for the tests (application-it.yml, GoldenApplication). */
    private static final List<String> STORE_SECRETS = List.of(
            "sk_test_it_fake_key_for_wiremock",
            "shpat_it_fake_token_for_wiremock",
            "SG.it-fake-sendgrid-key",
            "xoxb-it-fake-golden-token",
            GoldenRunner.SHOPIFY_SECRET);

    /** What Shopify answers about the order's customer (GoldenWorld). */
    private static final List<String> SHOPIFY_CUSTOMER =
            List.of(GoldenWorld.CUSTOMER_EMAIL, "Ada Lovelace", "12 Analytical Row");

    private final List<HistoricProcessInstance> started = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long wismoOrder;

    @BeforeAll
    void runWorkflowsWithPersonalData(CapturedOutput output) {
        Set<String> before = new HashSet<>();
        engine.getHistoryService().createHistoricProcessInstanceQuery().list().forEach(i -> before.add(i.getId()));
        GoldenRunner runner = runner();

        wismoOrder = ORDERS.incrementAndGet();
        run(
                runner,
                wismoOrder,
                golden(
                        "inv04-wismo",
                        "WF05",
                        new GoldenCase.Given(
                                new GoldenCase.Order("PAID", "25.00"), null, "fulfilled", true, null, null, null),
                        List.of(new GoldenCase.Stimulus(
                                null,
                                Map.of(
                                        "kind",
                                        "wismo",
                                        "from",
                                        GoldenWorld.CUSTOMER_EMAIL,
                                        "message",
                                        "Hi, this is " + NAME + " of " + STREET + ". Where is my order #{n}?"
                                                + " I paid with " + CARD + ", and here is my key " + PASTED_KEY),
                                null,
                                null)),
                        new GoldenCase.Expect(
                                List.of(new GoldenCase.Instance("wismo", "End_Answered", null)),
                                Map.of("mails", 1),
                                null,
                                null,
                                null)));
        run(
                runner,
                ORDERS.incrementAndGet(),
                golden(
                        "inv04-refund",
                        "WF03",
                        new GoldenCase.Given(
                                new GoldenCase.Order("PAID", "25.00"),
                                new GoldenCase.Payment("succeeded", 2500L),
                                null,
                                null,
                                null,
                                null,
                                null),
                        List.of(
                                new GoldenCase.Stimulus(
                                        null,
                                        Map.of(
                                                "kind",
                                                "refund",
                                                "amount",
                                                1500,
                                                "reason",
                                                NAME + " (" + EMAIL + ", " + STREET + ") says it arrived torn",
                                                "requested_by",
                                                "demo"),
                                        null,
                                        null),
                                new GoldenCase.Stimulus(
                                        null,
                                        null,
                                        new GoldenCase.Decision("mara", true, "refund " + EMAIL, null),
                                        null)),
                        new GoldenCase.Expect(
                                List.of(new GoldenCase.Instance("refund", "End_Refunded", null)),
                                Map.of("refunds", 1, "shopify_refunds", 1, "mails", 1, "slack_posts", 2),
                                List.of("APPROVED"),
                                null,
                                null)));
        run(
                runner,
                ORDERS.incrementAndGet(),
                golden(
                        "inv04-paid-order",
                        "WF01",
                        new GoldenCase.Given(
                                new GoldenCase.Order("AUTHORIZED", "25.00"),
                                new GoldenCase.Payment("requires_capture", 2500L),
                                null,
                                null,
                                null,
                                null,
                                null),
                        List.of(
                                new GoldenCase.Stimulus(
                                        new GoldenCase.Webhook("shopify", "orders/paid", null, null), null, null, null),
                                new GoldenCase.Stimulus(
                                        new GoldenCase.Webhook("printful", "shipment_sent", null, null),
                                        null,
                                        null,
                                        null)),
                        new GoldenCase.Expect(
                                List.of(new GoldenCase.Instance("order-fulfill", "EndEvent_OrderFulfilled", null)),
                                Map.of("charges", 1, "printful_orders", 1, "printful_confirmations", 1, "mails", 2),
                                null,
                                null,
                                null)));

        engine.getHistoryService().createHistoricProcessInstanceQuery().list().stream()
                .filter(instance -> !before.contains(instance.getId()))
                .forEach(started::add);
        assertThat(failures).as("the runs themselves went as expected").isEmpty();
        assertThat(started)
                .extracting(HistoricProcessInstance::getProcessDefinitionKey)
                .contains("wismo", "refund", "order-fulfill");
        assertThat(output.getAll())
                .as("the capture saw the runs' own log lines (so an empty search below means something)")
                .contains("tenant=acme");
    }

    @Test
    @DisplayName("P1-T04-NEG-trace INV-04 P1-T35 the traces of runs fed with a customer's name, e-mail, street, card"
            + " number and a pasted API key, and with Shopify's customer data, hold none of them, nor the store's"
            + " credentials")
    void noPersonalDataOrSecretInTraces() {
        List<StoredTraceEvent> events = new ArrayList<>();
        for (HistoricProcessInstance instance : started) {
            events.addAll(traces.transcript(ACME, instance.getId()));
        }
        assertThat(events).as("the runs left traces").hasSizeGreaterThan(5);
        for (StoredTraceEvent event : events) {
            String text = event.toString();
            for (String value : forbidden()) {
                assertThat(text)
                        .as("trace event %s of %s (%s)", event.id(), event.tool(), event.workflow())
                        .doesNotContain(value);
            }
        }
    }

    @Test
    @DisplayName("P1-T04-NEG-log INV-04 no log line written while those runs ran carries the customer's data, the"
            + " pasted key or a store credential")
    void noPersonalDataOrSecretInLogs(CapturedOutput output) {
        String logged = output.getAll();
        for (String value : forbidden()) {
            assertThat(logged).as("the captured log output").doesNotContain(value);
        }
    }

    @Test
    @DisplayName("P1-T04-NEG-metric INV-04 a Prometheus scrape after those runs has none of the customer's data, the"
            + " pasted key or a store credential in any label")
    void noPersonalDataOrSecretInMetrics() throws Exception {
        HttpResponse<String> scrape = get("/actuator/prometheus", "it-scraper:it-test-only-scrape-password");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).as("the scrape has the runs' metrics").contains("tenant=\"acme\"");
        for (String value : forbidden()) {
            assertThat(scrape.body()).doesNotContain(value);
        }
    }

    @Test
    @DisplayName(
            "P1-T-RK05 redaction does not make the traces useless: the where-is-my-order run's redacted trace still"
                    + " says which tools ran in which order, how each ended, and which order it was about")
    void redactedTracesStillTellTheStory() {
        HistoricProcessInstance wismo = started.stream()
                .filter(instance -> instance.getProcessDefinitionKey().equals("wismo"))
                .findFirst()
                .orElseThrow();
        List<StoredTraceEvent> events = traces.transcript(ACME, wismo.getId());
        assertThat(events)
                .extracting(StoredTraceEvent::tool)
                .as("the tools of the run")
                .contains("llm.complete@1", "sendgrid.mail.send@1");
        assertThat(events).allSatisfy(event -> assertThat(event.outcome()).isNotNull());
        assertThat(events)
                .as("some step of the run names the order it was about")
                .anySatisfy(event -> assertThat(event.toString()).contains(String.valueOf(wismoOrder)));
        assertThat(events).allSatisfy(event -> assertThat(event.correlationId()).isNotBlank());
    }

    private static List<String> forbidden() {
        List<String> values = new ArrayList<>(List.of(EMAIL, NAME, STREET, CARD, CARD.replace(" ", ""), PASTED_KEY));
        values.addAll(SHOPIFY_CUSTOMER);
        values.addAll(STORE_SECRETS);
        return values;
    }

    private void run(GoldenRunner runner, long n, GoldenCase golden) {
        String failure = runner.run(golden, n);
        if (failure != null) {
            failures.add(golden.id() + ": " + failure);
        }
    }

    private static GoldenCase golden(
            String id,
            String workflow,
            GoldenCase.Given given,
            List<GoldenCase.Stimulus> stimuli,
            GoldenCase.Expect expect) {
        return new GoldenCase(id, workflow, List.of("P1-T04-NEG"), id, "acme", given, List.of(), stimuli, expect);
    }
}
