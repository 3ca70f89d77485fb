package io.autobiz.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.inbox.Events;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.MutableClock;
import io.autobiz.testsupport.PostgresWebIT;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.TestSigners;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * P1-T-RK02 against the real engine: paid orders (Shopify) and their shipments (Printful) go through the signed
 * webhook ingress over HTTP, the processor and the ordering gate into WF01 on PostgreSQL, once in order and once
 * shuffled with redeliveries. The test plays the job executor and moves the processor's clock (a held event is
 * looked at again after a second); it never sleeps.
 */
@IntegrationExternal
class ShuffledEventStreamIT extends PostgresWebIT {

    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    /** The same secrets as WebhookIngressIT's: the web ITs share one database, where a store's secrets are kept. */
    private static final String SHOPIFY_SECRET = "it-fake-shopify-webhook-secret";

    private static final String PRINTFUL_SECRET = "it-fake-printful-webhook-secret";
    private static final TenantId ACME = TenantId.of("acme");
    private static final int ORDERS = 8;
    /** Shopify order numbers no other web IT uses (they share a database). */
    private static final int FIRST = 3001;

    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    @DynamicPropertySource
    static void providersAndSecrets(DynamicPropertyRegistry registry) {
        ProviderStubs.properties(PROVIDERS).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("autobiz.webhooks.processor.enabled", () -> "false");
        registry.add("autobiz.reconciliation.enabled", () -> "false");
        registry.add("autobiz.tenants.acme.secrets[shopify.webhook_secret]", () -> SHOPIFY_SECRET);
    }

    @TestConfiguration
    static class ProcessorClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.stop();
    }

    @Autowired
    EventPoller poller;

    @Autowired
    Events events;

    @Autowired
    ManagementService management;

    @Autowired
    HistoryService history;

    /** One delivery: which provider, its body, and the headers that identify it (a redelivery repeats them). */
    private record Delivery(int order, String kind, String body, String webhookId) {}

    @Test
    @DisplayName("P1-T-RK02a P1-T-RK02b real engine: a shuffled, redelivered stream of OrderPaid and ShipmentSent for"
            + " many orders ends in the same WF01 states as the ordered stream; every shipment reaches its run once")
    void shuffledStreamEndsLikeTheOrderedOne() throws Exception {
        stubProviders(FIRST, FIRST + ORDERS - 1);
        stubProviders(FIRST + 100, FIRST + 100 + ORDERS - 1);

        List<Delivery> ordered = new ArrayList<>();
        for (int i = FIRST; i < FIRST + ORDERS; i++) {
            ordered.add(paid(i));
            ordered.add(shipped(i));
        }
        deliverAll(ordered);
        Map<Integer, String> expected = outcomes(FIRST);

        List<Delivery> shuffled = new ArrayList<>();
        for (int i = FIRST + 100; i < FIRST + 100 + ORDERS; i++) {
            shuffled.add(paid(i));
            shuffled.add(shipped(i));
        }
        shuffled.addAll(shuffled.subList(0, ORDERS)); // redeliveries of the same webhooks
        Collections.shuffle(shuffled, new Random(7));
        assertThat(shuffled)
                .as("the seed puts at least one shipment before its order's payment")
                .anySatisfy(delivery ->
                        assertThat(shuffled.indexOf(delivery)).isLessThan(shuffled.indexOf(paid(delivery.order()))));
        deliverAll(shuffled);
        Map<Integer, String> actual = outcomes(FIRST + 100);

        assertThat(expected)
                .hasSize(ORDERS)
                .allSatisfy((order, outcome) -> assertThat(outcome)
                        .startsWith("COMPLETED")
                        .contains("Task_SendShippedMail", "tracking=own", "shipped=PROCESSED"));
        assertThat(actual).isEqualTo(expected);
        PROVIDERS.verify(
                4 * ORDERS,
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/sendgrid/v3/mail/send")));
    }

    private void deliverAll(List<Delivery> stream) throws Exception {
        for (Delivery delivery : stream) {
            HttpResponse<String> answer = "paid".equals(delivery.kind())
                    ? send(
                            "/webhooks/shopify/acme",
                            delivery.body(),
                            Map.of(
                                    "X-Shopify-Hmac-Sha256",
                                    TestSigners.shopify(delivery.body(), SHOPIFY_SECRET),
                                    "X-Shopify-Webhook-Id",
                                    delivery.webhookId(),
                                    "X-Shopify-Topic",
                                    "orders/paid",
                                    "X-Shopify-Event-Id",
                                    delivery.webhookId(),
                                    "X-Shopify-Shop-Domain",
                                    "acme-test.myshopify.com"))
                    : send(
                            "/webhooks/printful/acme",
                            delivery.body(),
                            Map.of("x-pf-webhook-signature", TestSigners.printful(delivery.body(), PRINTFUL_SECRET)));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            settle();
        }
        for (int round = 0; round < 3; round++) {
            settle();
        }
    }

    /**
     * Processes events and runs WF01's jobs until neither has anything left, then lets one second pass (a held event
     * is looked at again a second after it was last held) and does it once more: about a second of the processor's
     * clock per delivery, well inside the 60 s hold.
     */
    private void settle() {
        untilQuiet();
        CLOCK.advance(Duration.ofMillis(1100));
        untilQuiet();
    }

    private void untilQuiet() {
        for (int round = 0; round < 50; round++) {
            int handled = poller.drainAll();
            List<Job> jobs = management
                    .createJobQuery()
                    .processDefinitionKey("order-fulfill")
                    .executable()
                    .list();
            jobs.forEach(job -> management.executeJob(job.getId()));
            if (handled == 0 && jobs.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("events and jobs did not settle in 50 rounds");
    }

    /** Per order (numbered from {@code first}): WF01's state, the activities it passed, its tracking, its events. */
    private Map<Integer, String> outcomes(int first) {
        Map<Integer, String> outcomes = new TreeMap<>();
        for (int i = first; i < first + ORDERS; i++) {
            HistoricProcessInstance run = history.createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey("gid://shopify/Order/" + i)
                    .singleResult();
            List<String> passed =
                    history
                            .createHistoricActivityInstanceQuery()
                            .processInstanceId(run.getId())
                            .finished()
                            .list()
                            .stream()
                            .map(HistoricActivityInstance::getActivityId)
                            .sorted()
                            .toList();
            Object tracking = history
                    .createHistoricVariableInstanceQuery()
                    .processInstanceId(run.getId())
                    .variableName("trackingNumber")
                    .list()
                    .stream()
                    .map(variable -> variable.getValue())
                    .findFirst()
                    .orElse("none");
            String paidEvent = events.findByProviderId(ACME, "shopify", "wh-paid-" + i)
                    .map(e -> e.status().name())
                    .orElse("MISSING");
            String shipEvent = events.findByProviderId(ACME, "printful", "shipment_sent:" + shipmentId(i))
                    .map(e -> e.status().name())
                    .orElse("MISSING");
            // Both streams' orders are compared by index; "own" is the tracking number of this order's shipment.
            String trackingSeen = tracking.equals("9400" + (1000 + i)) ? "own" : tracking.toString();
            outcomes.put(
                    i - first + 1,
                    run.getState() + " " + passed + " tracking=" + trackingSeen + " paid=" + paidEvent + " shipped="
                            + shipEvent);
        }
        return outcomes;
    }

    private static Delivery paid(int order) {
        String body = """
                {"id":%d,"admin_graphql_api_id":"gid://shopify/Order/%d","name":"#%d","financial_status":"paid",
                 "note_attributes":[{"name":"stripe_payment_intent","value":"pi_rk%d"}]}""".formatted(order, order, order, order);
        return new Delivery(order, "paid", body, "wh-paid-" + order);
    }

    private static Delivery shipped(int order) {
        long printful = printfulId(order);
        String body = """
                {"type":"shipment_sent","created":1764000100,"retries":0,"store_id":4242,
                 "data":{"shipment":{"id":%d,"order_id":%d,"carrier":"USPS","tracking_number":"9400%d",
                   "tracking_url":"https://tools.usps.com/go/TrackConfirmAction?tLabels=9400%d"},
                   "order":{"id":%d,"external_id":"shopify-%d","status":"fulfilled"}}}""".formatted(shipmentId(order), printful, 1000 + order, 1000 + order, printful, order);
        return new Delivery(order, "shipped", body, "shipment-" + order);
    }

    private static long printfulId(int order) {
        return 900_000L + order;
    }

    private static long shipmentId(int order) {
        return printfulId(order) * 10 + 1;
    }

    private static void stubProviders(int first, int last) {
        ProviderStubs.stubShopifyOrder(PROVIDERS, 1, "AUTHORIZED");
        PROVIDERS.stubFor(post(urlEqualTo("/sendgrid/v3/mail/send"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Message-Id", "msg-it-rk02")));
        for (int order = first; order <= last; order++) {
            long printful = printfulId(order);
            ProviderStubs.stubStripePayment(PROVIDERS, "pi_rk" + order, order, 2500, "usd");
            PROVIDERS.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/pi_rk" + order + "/capture"))
                    .willReturn(okJson("""
                            {"id":"pi_rk%d","object":"payment_intent","amount":2500,"amount_capturable":0,
                             "amount_received":2500,"capture_method":"manual","currency":"usd","livemode":false,
                             "status":"succeeded"}""".formatted(order))));
            PROVIDERS.stubFor(post(urlEqualTo("/printful/v2/orders"))
                    .withRequestBody(matchingJsonPath("$.external_id", equalTo("shopify-" + order)))
                    .willReturn(okJson("{\"data\":{\"id\":%d,\"external_id\":\"shopify-%d\",\"status\":\"draft\"}}"
                            .formatted(printful, order))));
            PROVIDERS.stubFor(post(urlEqualTo("/printful/v2/orders/" + printful + "/confirmation"))
                    .willReturn(okJson("{\"data\":{\"id\":%d,\"status\":\"pending\"}}".formatted(printful))));
        }
    }

    private HttpResponse<String> send(String path, String body, Map<String, String> headers) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
