package io.autobiz.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.QuickStartInstance;
import io.autobiz.testsupport.QuickStartTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * The quick start as a newcomer runs it: default profile, H2 file database, sandbox providers on this server, demo
 * store and logins, job executor on. Only the port, the database folder and the sandbox's delays differ. Its engine is
 * "default", as the webapps and REST API need, so its context is closed when the class is done (see PostgresWebIT).
 */
@QuickStartTest
@AutoConfigureObservability(
        tracing = false) // as it runs: with the Prometheus registry, which tests leave out otherwise
@IntegrationExternal
class QuickStartIT {

    private static final QuickStartInstance APP = QuickStartInstance.of(QuickStartIT.class);

    @Autowired
    HistoryService history;

    @Autowired
    RuntimeService runtime;

    @Test
    @DisplayName("P1-H09 the quick start is healthy on H2, with Cockpit and Tasklist at /camunda")
    void quickStartIsHealthy() throws Exception {
        assertThat(get("/actuator/health", null).body()).contains("\"UP\"");
        assertThat(get("/camunda/app/welcome/default/", null).statusCode()).isEqualTo(200);
        assertThat(get("/camunda/app/tasklist/default/", null).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("P1-H09 the quick start's metrics are behind its published scrape login, like its other logins;"
            + " health is open")
    void metricsNeedThePublishedScrapeLogin() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", "admin:admin").statusCode()).isEqualTo(401);
        HttpResponse<String> scraped = get("/actuator/prometheus", "prometheus:prometheus");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("# TYPE jvm_memory_used_bytes");
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("P1-T19 a demo order runs through WF01 to completion against the sandbox providers")
    void demoOrderCompletes() throws Exception {
        HttpResponse<String> placed = post("/demo/orders", "{\"items\":[{\"sku\":\"MUG-WHT-11\",\"quantity\":2}]}");
        assertThat(placed.statusCode()).isEqualTo(202);
        JsonNode order = Json.parse(placed.body());
        String instance = order.get("processInstanceId").asText();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    HistoricProcessInstance done = history.createHistoricProcessInstanceQuery()
                            .processInstanceId(instance)
                            .singleResult();
                    return done != null && "COMPLETED".equals(done.getState());
                });

        JsonNode sandbox = Json.parse(get("/sandbox", null).body());
        JsonNode payment = find(
                sandbox.at("/stripe/paymentIntents"),
                "id",
                order.get("paymentIntentId").asText());
        assertThat(payment.get("status").asText()).isEqualTo("succeeded");
        assertThat(payment.get("amount_received").asLong()).isEqualTo(3000);
        JsonNode fulfilment = find(
                sandbox.at("/printful/orders"),
                "external_id",
                "shopify-" + order.get("orderId").asText().replaceAll(".*/", ""));
        assertThat(fulfilment.get("status").asText()).isEqualTo("fulfilled");
        assertThat(fulfilment.at("/shipments/0/tracking_number").asText()).isNotBlank();
        long mailsForOrder = 0;
        for (JsonNode mail : sandbox.at("/sendgrid/mails")) {
            if (mail.at("/data/orderName")
                    .asText()
                    .equals(order.get("orderName").asText())) {
                assertThat(mail.get("sandboxMode").asBoolean()).isTrue();
                mailsForOrder++;
            }
        }
        assertThat(mailsForOrder).as("confirmation and shipped mails").isEqualTo(2);
    }

    @Test
    @DisplayName("P1-T25 quick start, offline: a demo customer asks where their order is; the sandbox LLM reads the"
            + " order number, and the reply mailed states the order's own tracking number")
    void demoWismoIsAnsweredOffline() throws Exception {
        HttpResponse<String> placed = post(
                "/demo/orders",
                "{\"customerEmail\":\"lin@example.com\",\"items\":[{\"sku\":\"TSHIRT-BLK-M\",\"quantity\":1}]}");
        JsonNode order = Json.parse(placed.body());
        awaitCompleted(order.get("processInstanceId").asText());

        HttpResponse<String> asked = post(
                "/demo/wismo",
                "{\"email\":\"lin@example.com\",\"message\":\"Hello, where is my order "
                        + order.get("orderName").asText() + "?\"}");
        assertThat(asked.statusCode()).isEqualTo(202);
        awaitCompleted(Json.parse(asked.body()).get("processInstanceId").asText());

        JsonNode sandbox = Json.parse(get("/sandbox", null).body());
        String tracking = find(
                        sandbox.at("/printful/orders"),
                        "external_id",
                        "shopify-" + order.get("orderId").asText().replaceAll(".*/", ""))
                .at("/shipments/0/tracking_number")
                .asText();
        JsonNode reply = null;
        for (JsonNode mail : sandbox.at("/sendgrid/mails")) {
            if (mail.get("templateId").asText().equals("d-demo-wismo-reply")
                    && mail.at("/data/orderName")
                            .asText()
                            .equals(order.get("orderName").asText())) {
                reply = mail;
            }
        }
        assertThat(reply).as("the WISMO reply").isNotNull();
        assertThat(reply.at("/data/body").asText())
                .contains(tracking, order.get("orderName").asText());
        assertThat(post("/demo/wismo", "{\"email\":\"not-an-address\",\"message\":\"hi\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    private void awaitCompleted(String instance) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    HistoricProcessInstance done = history.createHistoricProcessInstanceQuery()
                            .processInstanceId(instance)
                            .singleResult();
                    return done != null && "COMPLETED".equals(done.getState());
                });
    }

    @Test
    @DisplayName("P1-T02 a malformed demo order gets 400 with a clear message and starts nothing")
    void malformedDemoOrderStartsNothing() throws Exception {
        long before = runtime.createProcessInstanceQuery().count()
                + history.createHistoricProcessInstanceQuery().count();

        HttpResponse<String> notJson = post("/demo/orders", "{\"items\": [");
        HttpResponse<String> invalid =
                post("/demo/orders", "{\"items\":[{\"sku\":\"TSHIRT-BLK-M\",\"quantity\":0}],\"coupon\":\"FREE\"}");
        HttpResponse<String> unknownSku = post("/demo/orders", "{\"items\":[{\"sku\":\"NOPE\",\"quantity\":1}]}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not valid JSON");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("/items/0/quantity", "/coupon");
        assertThat(unknownSku.statusCode()).isEqualTo(400);
        assertThat(unknownSku.body()).contains("does not sell 'NOPE'");
        long after = runtime.createProcessInstanceQuery().count()
                + history.createHistoricProcessInstanceQuery().count();
        assertThat(after).isEqualTo(before);
    }

    @Test
    @DisplayName("P1-TASK-02 /engine-rest answers 401 without credentials, and serves the demo admin who logs in")
    void engineRestRequiresAuthentication() throws Exception {
        assertThat(get("/engine-rest/process-definition", null).statusCode()).isEqualTo(401);
        // A wrong password locks that login for a few seconds (the engine's throttling), so probe another user.
        assertThat(get("/engine-rest/process-definition", "approver:wrong").statusCode())
                .isEqualTo(401);
        HttpResponse<String> authorised = get("/engine-rest/process-definition?key=order-fulfill", "admin:admin");
        assertThat(authorised.statusCode()).isEqualTo(200);
        assertThat(authorised.body()).contains("\"key\":\"order-fulfill\"");
    }

    @Test
    @DisplayName("P1-T21 a demo declined card starts WF02 against the sandbox: the customer is mailed a retry link and"
            + " the workflow waits for the payment")
    void demoPaymentFailureWaits() throws Exception {
        HttpResponse<String> declined = post("/demo/payment-failures", "{\"quantity\":3}");
        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(202);
        JsonNode failure = Json.parse(declined.body());
        String instance = failure.get("processInstanceId").asText();
        assertThat(failure.get("amount").asLong()).isEqualTo(7500);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> !runtime.getActiveActivityIds(instance).isEmpty()
                        && runtime.getActiveActivityIds(instance).contains("Gateway_Wait"));

        JsonNode mail = find(
                Json.parse(get("/sandbox", null).body()).at("/sendgrid/mails"), "templateId", "d-demo-payment-failed");
        assertThat(mail.at("/data/body").asText()).isEqualTo("https://demo-store.myshopify.com/account");
        assertThat(mail.at("/data/reason").asText()).contains("insufficient funds");
        assertThat(post("/demo/payment-failures", "{\"quantity\":0}").statusCode())
                .isEqualTo(400);
    }

    @Test
    @DisplayName("P1-T24 a demo cancellation of an order whose Printful order is already fulfilled is refused: WF04"
            + " leaves a follow-up task and voids, refunds and cancels nothing")
    void demoCancellationOfAShippedOrderIsRefused() throws Exception {
        JsonNode order = Json.parse(post("/demo/orders", "{}").body());
        String fulfilment = order.get("processInstanceId").asText();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    HistoricProcessInstance done = history.createHistoricProcessInstanceQuery()
                            .processInstanceId(fulfilment)
                            .singleResult();
                    return done != null && "COMPLETED".equals(done.getState());
                });

        HttpResponse<String> requested = post(
                "/demo/cancellations", "{\"orderId\":\"" + order.get("orderId").asText() + "\"}");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        String cancel = Json.parse(requested.body()).get("processInstanceId").asText();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> runtime.getActiveActivityIds(cancel).contains("Task_FollowUpInProduction"));
        JsonNode payment = find(
                Json.parse(get("/sandbox", null).body()).at("/stripe/paymentIntents"),
                "id",
                order.get("paymentIntentId").asText());
        assertThat(payment.get("status").asText()).as("captured, not refunded").isEqualTo("succeeded");
        assertThat(post("/demo/cancellations", "{\"orderId\":\"gid://shopify/Order/1\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private static HttpResponse<String> get(String path, String basicAuth) throws IOException, InterruptedException {
        return APP.get(path, basicAuth);
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return APP.post(path, json);
    }
}
