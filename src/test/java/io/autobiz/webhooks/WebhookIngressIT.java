package io.autobiz.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.inbox.Events;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.PostgresWebIT;
import io.autobiz.testsupport.TestSigners;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Webhook ingress on PostgreSQL through real HTTP: every provider's signature scheme with valid, forged, stale and
 * replayed deliveries, signed the way the provider signs ({@link TestSigners}: HMAC for Shopify, Printful, Stripe and
 * Slack, the last two checked against stripe-java's and Slack's own generators in TestSignersTest; BouncyCastle ECDSA
 * for SendGrid). The background processor is off; tests drive it.
 */
@IntegrationInternal
class WebhookIngressIT extends PostgresWebIT {

    private static final String STRIPE_SECRET = "whsec_test_it_fake_stripe_webhook_secret";
    private static final String SHOPIFY_SECRET = "it-fake-shopify-webhook-secret";
    private static final String PRINTFUL_SECRET = "it-fake-printful-webhook-secret";
    private static final String SLACK_SECRET = "it-fake-slack-signing-secret";
    private static final KeyPair SENDGRID_KEYS = ecKeyPair();
    private static final KeyPair OTHER_KEYS = ecKeyPair();
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId TIGHT = TenantId.of("tight");
    private static final String ACME_SHOP = "acme-test.myshopify.com";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void webhookSecrets(DynamicPropertyRegistry registry) {
        registry.add("autobiz.webhooks.processor.enabled", () -> "false");
        registry.add("autobiz.webhooks.max-body-bytes", () -> "65536");
        registry.add("autobiz.tenants.acme.secrets[stripe.webhook_secret]", () -> STRIPE_SECRET);
        registry.add("autobiz.tenants.acme.secrets[shopify.webhook_secret]", () -> SHOPIFY_SECRET);
        registry.add("autobiz.tenants.acme.secrets[slack.signing_secret]", () -> SLACK_SECRET);
        // The flood test knocks on this store's Shopify door, so its refusals count against no other test's limit.
        registry.add("autobiz.tenants.tight.secrets[shopify.webhook_secret]", () -> SHOPIFY_SECRET);
        registry.add(
                "autobiz.tenants.acme.secrets[sendgrid.webhook_public_key]",
                () -> Base64.getEncoder()
                        .encodeToString(SENDGRID_KEYS.getPublic().getEncoded()));
    }

    @Autowired
    Events events;

    @Autowired
    EventPoller poller;

    @Autowired
    RuntimeService runtime;

    @Autowired
    RepositoryService repository;

    @Autowired
    MeterRegistry meters;

    // ---- Stripe

    private static String stripeEvent(String id, String type) {
        return """
                {"id":"%s","object":"event","type":"%s","created":1764000000,
                 "data":{"object":{"id":"pi_%s","object":"payment_intent","metadata":{"order_id":"5001"}}}}""".formatted(id, type, id.replace("evt_", ""));
    }

    private HttpResponse<String> stripe(String body, String header) throws Exception {
        return post("/webhooks/stripe/acme", body, Map.of("Stripe-Signature", header));
    }

    @Test
    @DisplayName("P1-T36 P1-H10 Stripe: a valid delivery is stored once with signature_valid and its SHA-256; forged,"
            + " stale, future-dated, unsigned and replayed deliveries store nothing more")
    void stripeSignatures() throws Exception {
        String body = stripeEvent("evt_" + UUID.randomUUID().toString().replace("-", ""), "payment_intent.succeeded");
        long now = Instant.now().getEpochSecond();
        long before = storedCount();

        HttpResponse<String> valid = stripe(body, TestSigners.stripe(body, STRIPE_SECRET, now));
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).contains("\"accepted\"");
        assertThat(stripe(body, TestSigners.stripe(body, "whsec_test_forged", now))
                        .statusCode())
                .isEqualTo(401);
        assertThat(stripe(body, TestSigners.stripe(body, STRIPE_SECRET, now - 400))
                        .body())
                .contains("stale_timestamp");
        assertThat(stripe(body, TestSigners.stripe(body, STRIPE_SECRET, now + 400))
                        .body())
                .contains("stale_timestamp");
        assertThat(stripe(body, "").body()).contains("missing_signature");
        HttpResponse<String> replay = stripe(body, TestSigners.stripe(body, STRIPE_SECRET, now + 5));
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("\"duplicate\"");

        assertThat(storedCount()).isEqualTo(before + 1);
        JsonNode row = Json.parse(
                get("/admin/tenants/acme/events?status=RECEIVED", ops()).body());
        assertThat(row.toString()).contains("payment_intent.succeeded");
        assertThat(storedSha(body))
                .as("payload_sha256 of exactly the raw body, signature_valid")
                .isTrue();
        assertThat(counter("event_received_total", "stripe", "bad_signature")).isGreaterThanOrEqualTo(1.0);
        assertThat(counter("event_received_total", "stripe", "stale_timestamp")).isGreaterThanOrEqualTo(2.0);
    }

    // ---- Shopify

    private HttpResponse<String> shopify(String body, String secret, String webhookId, String topic, String eventId)
            throws Exception {
        return shopify(body, secret, webhookId, topic, eventId, ACME_SHOP);
    }

    private HttpResponse<String> shopify(
            String body, String secret, String webhookId, String topic, String eventId, String shopDomain)
            throws Exception {
        return post(
                "/webhooks/shopify/acme",
                body,
                Map.of(
                        "X-Shopify-Hmac-Sha256",
                        TestSigners.shopify(body, secret),
                        "X-Shopify-Webhook-Id",
                        webhookId,
                        "X-Shopify-Topic",
                        topic,
                        "X-Shopify-Event-Id",
                        eventId,
                        "X-Shopify-Shop-Domain",
                        shopDomain));
    }

    private static String paidOrder(long id) {
        return """
                {"id":%d,"admin_graphql_api_id":"gid://shopify/Order/%d","name":"#%d","financial_status":"paid",
                 "note_attributes":[{"name":"stripe_payment_intent","value":"pi_it%d"}]}""".formatted(id, id, id, id);
    }

    @Test
    @DisplayName("P1-T36 P1-H10 Shopify: base64 HMAC checked; a replay (same webhook ID), another delivery of the same"
            + " merchant action and topic (same event ID) and the same body under another topic are duplicates;"
            + " a forged one is refused")
    void shopifySignaturesAndDedup() throws Exception {
        String body = paidOrder(6001);
        long before = storedCount();
        String eventId = UUID.randomUUID().toString();

        assertThat(shopify(body, SHOPIFY_SECRET, "wh-1-" + eventId, "orders/paid", eventId)
                        .body())
                .contains("\"accepted\"");
        assertThat(shopify(body, "forged-secret", "wh-2-" + eventId, "orders/paid", eventId)
                        .statusCode())
                .isEqualTo(401);
        assertThat(shopify(body, SHOPIFY_SECRET, "wh-1-" + eventId, "orders/paid", eventId)
                        .body())
                .as("replayed delivery")
                .contains("\"duplicate\"");
        assertThat(shopify(body, SHOPIFY_SECRET, "wh-3-" + eventId, "orders/paid", eventId)
                        .body())
                .as("another delivery of the same merchant action to the same topic")
                .contains("\"duplicate\"");
        assertThat(shopify(body, SHOPIFY_SECRET, "wh-4-" + eventId, "orders/updated", eventId)
                        .body())
                .as("the same signed body under another topic header: Shopify signs the body, not the topic")
                .contains("\"duplicate\"");
        String updated = body.replace("\"name\":\"#6001\"", "\"name\":\"#6001\",\"note\":\"gift\"");
        assertThat(shopify(updated, SHOPIFY_SECRET, "wh-5-" + eventId, "orders/updated", eventId)
                        .body())
                .as("the order as it is after a change, delivered to another topic, is another event")
                .contains("\"accepted\"");
        assertThat(storedCount()).isEqualTo(before + 2);
    }

    @Test
    @DisplayName("P1-T36 50 concurrent deliveries of one paid order store one event and start one WF01")
    void concurrentDeliveriesStartOneWorkflow() throws Exception {
        String body = paidOrder(7001);
        String eventId = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Callable<HttpResponse<String>> delivery =
                        () -> shopify(body, SHOPIFY_SECRET, "wh-" + eventId, "orders/paid", eventId);
                answers.add(pool.submit(delivery));
            }
            int accepted = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).isEqualTo(200);
                accepted += response.body().contains("\"accepted\"") ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        poller.drainAll();
        poller.drainAll();

        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey("gid://shopify/Order/7001")
                        .count())
                .isEqualTo(1);
        assertThat(events.findByProviderId(ACME, "shopify", "wh-" + eventId))
                .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(Events.Status.PROCESSED));
    }

    // ---- Printful

    private HttpResponse<String> printful(String body, String secret) throws Exception {
        return post(
                "/webhooks/printful/acme", body, Map.of("x-pf-webhook-signature", TestSigners.printful(body, secret)));
    }

    private static String shipment(long printfulOrder, long shopifyOrder) {
        return """
                {"type":"shipment_sent","created":1764000100,"retries":0,"store_id":4242,
                 "data":{"shipment":{"id":%d,"order_id":%d,"carrier":"USPS","tracking_number":"9400111",
                   "tracking_url":"https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111"},
                   "order":{"id":%d,"external_id":"shopify-%d","status":"fulfilled"}}}""".formatted(printfulOrder * 10 + 1, printfulOrder, printfulOrder, shopifyOrder);
    }

    @Test
    @DisplayName(
            "P1-T36 P1-T37 Printful: hex HMAC checked; a shipment for an order that was never paid is held, visible"
                    + " to operators and releasable; a replay is a duplicate")
    void printfulShipmentBeforePaymentIsHeld() throws Exception {
        String body = shipment(880001, 8001);

        assertThat(printful(body, "forged").statusCode()).isEqualTo(401);
        assertThat(printful(body, PRINTFUL_SECRET).body()).contains("\"accepted\"");
        assertThat(printful(body, PRINTFUL_SECRET).body()).contains("\"duplicate\"");
        poller.drainAll();

        Events.StoredEvent stored = events.findByProviderId(ACME, "printful", "shipment_sent:8800011")
                .orElseThrow();
        assertThat(stored.status()).isEqualTo(Events.Status.HELD);
        String held = get("/admin/tenants/acme/events?status=HELD", ops()).body();
        assertThat(held).contains(stored.eventId(), "waiting for OrderPaid of acme:order:8001");
        assertThat(held).as("operators never see payloads").doesNotContain("9400111");
        assertThat(get("/admin/tenants/acme/events?status=HELD", null).statusCode())
                .isEqualTo(401);

        HttpResponse<String> release =
                send("POST", "/admin/tenants/acme/events/" + stored.eventId() + "/release", ops(), null, null);
        assertThat(release.statusCode()).isEqualTo(200);
        poller.drainAll();

        assertThat(events.statusOf(ACME, stored.eventId()))
                .as("released by an operator, delivered without a hold; no workflow waits, so it is recorded as such")
                .contains(Events.Status.NO_SUBSCRIBER);
        assertThat(send("POST", "/admin/tenants/acme/events/no-such-event/release", ops(), null, null)
                        .statusCode())
                .isEqualTo(409);
    }

    // ---- Stripe: a message no process subscribes to

    @Test
    @DisplayName(
            "P1-T37 a failed payment while its workflow (WF02) is suspended is recorded as NO_SUBSCRIBER, not lost:"
                    + " listed for operators and still releasable")
    void messageWithoutSubscriberIsKept() throws Exception {
        String body =
                stripeEvent("evt_pf" + UUID.randomUUID().toString().replace("-", ""), "payment_intent.payment_failed");
        // A suspended definition takes no new instances: for the processor that is the same as none deployed.
        repository.suspendProcessDefinitionByKey("payment-failure");
        try {
            stripe(body, TestSigners.stripe(body, STRIPE_SECRET, Instant.now().getEpochSecond()));
            poller.drainAll();
        } finally {
            repository.activateProcessDefinitionByKey("payment-failure");
        }

        JsonNode listed = Json.parse(
                get("/admin/tenants/acme/events?status=NO_SUBSCRIBER", ops()).body());
        JsonNode event = null;
        for (JsonNode candidate : listed.get("events")) {
            if (candidate.get("eventType").asText().equals("payment_intent.payment_failed")) {
                event = candidate;
            }
        }
        assertThat(event).isNotNull();
        assertThat(event.get("messageName").asText()).isEqualTo("PaymentFailed");
        assertThat(event.get("outcome").asText()).contains("no process subscribes to message PaymentFailed");
        assertThat(send(
                                "POST",
                                "/admin/tenants/acme/events/"
                                        + event.get("eventId").asText() + "/release",
                                ops(),
                                null,
                                null)
                        .statusCode())
                .isEqualTo(200);
    }

    // ---- SendGrid

    private HttpResponse<String> sendgrid(String body, KeyPair keys, long timestamp) throws Exception {
        return post(
                "/webhooks/sendgrid/acme",
                body,
                Map.of(
                        "X-Twilio-Email-Event-Webhook-Signature",
                        TestSigners.sendgrid(body, keys.getPrivate(), timestamp),
                        "X-Twilio-Email-Event-Webhook-Timestamp",
                        String.valueOf(timestamp)));
    }

    @Test
    @DisplayName("P1-T36 P1-H10 SendGrid: ECDSA over timestamp + body with the store's key; another key, a stale"
            + " timestamp and a replay store nothing more; each event of a batch is stored once")
    void sendgridSignatures() throws Exception {
        String a = "sg-" + UUID.randomUUID();
        String b = "sg-" + UUID.randomUUID();
        String body = "[{\"email\":\"ada@example.com\",\"event\":\"delivered\",\"sg_event_id\":\"" + a
                + "\",\"timestamp\":1764000000},{\"email\":\"ada@example.com\",\"event\":\"open\",\"sg_event_id\":\""
                + b
                + "\",\"timestamp\":1764000001}]";
        long now = Instant.now().getEpochSecond();
        long before = storedCount();

        assertThat(sendgrid(body, SENDGRID_KEYS, now).body()).contains("\"stored\":2");
        assertThat(sendgrid(body, OTHER_KEYS, now).statusCode()).isEqualTo(401);
        assertThat(sendgrid(body, SENDGRID_KEYS, now - 400).body()).contains("stale_timestamp");
        assertThat(sendgrid(body, SENDGRID_KEYS, now + 1).body()).contains("\"duplicate\"");

        assertThat(storedCount()).isEqualTo(before + 2);
    }

    // ---- Slack

    private HttpResponse<String> slack(String form, String secret, long timestamp) throws Exception {
        String signature = TestSigners.slack(form, secret, timestamp);
        return post(
                "/webhooks/slack/acme",
                form,
                Map.of(
                        "Content-Type",
                        "application/x-www-form-urlencoded",
                        "X-Slack-Signature",
                        signature,
                        "X-Slack-Request-Timestamp",
                        String.valueOf(timestamp)));
    }

    @Test
    @DisplayName(
            "P1-T36 P1-H10 Slack interactions: v0 signature checked in constant time with a 5-minute window; a valid"
                    + " one is stored and handed to the approval module once (a click by an unmapped user is refused)")
    void slackSignatures() throws Exception {
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"trigger_id\":\"t-1\","
                + "\"actions\":[{\"action_id\":\"autobiz.approval.approve\",\"value\":\"task-1\",\"action_ts\":\""
                + UUID.randomUUID() + "\"}]}";
        String form = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> valid = slack(form, SLACK_SECRET, now);
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).contains("not one of this store's approvers");
        assertThat(slack(form, "forged", now).statusCode()).isEqualTo(401);
        assertThat(slack(form, SLACK_SECRET, now - 400).body()).contains("stale_timestamp");
        assertThat(slack(form, SLACK_SECRET, now).body()).contains("\"duplicate\"");
        assertThat(events.list(ACME, EnumSet.of(Events.Status.HANDED_OFF), 100))
                .filteredOn(e -> e.source().equals("slack"))
                .hasSize(1);
    }

    // ---- refusals before anything is read or stored

    @Test
    @DisplayName("P1-T36 refusals: unknown provider or store, a store without the secret, an oversized or malformed"
            + " body: 404/404/404/413/400, nothing stored, each counted by reason")
    void refusalsStoreNothing() throws Exception {
        long before = storedCount();
        String body = stripeEvent("evt_neg", "payment_intent.succeeded");
        String header = TestSigners.stripe(body, STRIPE_SECRET, Instant.now().getEpochSecond());

        assertThat(post("/webhooks/paypal/acme", body, Map.of()).statusCode()).isEqualTo(404);
        assertThat(post("/webhooks/stripe/nosuchstore", body, Map.of("Stripe-Signature", header))
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/webhooks/stripe/tight", body, Map.of("Stripe-Signature", header))
                        .body())
                .contains("not_configured");
        String huge = "{\"id\":\"evt_big\",\"type\":\"x\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        assertThat(stripe(
                                huge,
                                TestSigners.stripe(
                                        huge, STRIPE_SECRET, Instant.now().getEpochSecond()))
                        .statusCode())
                .isEqualTo(413);
        String notJson = "not json";
        assertThat(stripe(
                                notJson,
                                TestSigners.stripe(
                                        notJson, STRIPE_SECRET, Instant.now().getEpochSecond()))
                        .statusCode())
                .isEqualTo(400);

        assertThat(storedCount()).isEqualTo(before);
        assertThat(counter("event_received_total", "unknown", "unknown_provider"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(counter("event_received_total", "stripe", "unknown_tenant")).isGreaterThanOrEqualTo(1.0);
        assertThat(counter("event_received_total", "stripe", "too_large")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T36 the endpoint's edges: a path that is not /webhooks/{provider}/{store} is a typed 404, another"
            + " method than POST a 405, nothing stored; Spring's request metric names the endpoint by its pattern")
    void pathsAndMethodsOutsideTheEndpoint() throws Exception {
        long before = storedCount();
        String body = stripeEvent("evt_edges", "payment_intent.succeeded");
        String header = TestSigners.stripe(body, STRIPE_SECRET, Instant.now().getEpochSecond());

        for (String path : List.of(
                "/webhooks/stripe",
                "/webhooks/stripe/",
                "/webhooks/stripe/acme/extra",
                "/webhooks//acme",
                "/webhooks/",
                "/webhooks")) {
            HttpResponse<String> answer = post(path, body, Map.of("Stripe-Signature", header));
            assertThat(answer.statusCode()).as("POST %s", path).isEqualTo(404);
            assertThat(Json.parse(answer.body()).path("error").asText())
                    .as("POST %s", path)
                    .isIn("unknown_endpoint", "unknown_provider");
        }
        HttpResponse<String> get = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/stripe/acme"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(storedCount()).isEqualTo(before);

        assertThat(post("/webhooks/stripe/acme", body, Map.of("Stripe-Signature", header))
                        .statusCode())
                .isEqualTo(200);
        assertThat(meters.find("http.server.requests")
                        .tag("uri", WebhookServlet.PATH_PATTERN)
                        .tag("status", "200")
                        .timer())
                .as("http.server.requests of an accepted delivery, tagged with the endpoint's pattern")
                .isNotNull()
                .satisfies(timer -> assertThat(timer.count()).isPositive());
    }

    // ---- attacks: what the provider signs decides, never a header (issue 14)

    @Test
    @DisplayName("P1-T36 attack: a replayed Shopify orders/paid body with fresh webhook and event IDs is a duplicate"
            + " whatever its headers say: one event, one WF01")
    void replayedShopifyBodyWithFreshIdsIsADuplicate() throws Exception {
        String body = paidOrder(7101);
        long before = storedCount();

        assertThat(shopify(body, SHOPIFY_SECRET, "wh-a-" + UUID.randomUUID(), "orders/paid", "ev-" + UUID.randomUUID())
                        .body())
                .contains("\"accepted\"");
        for (int replay = 0; replay < 3; replay++) {
            HttpResponse<String> answer = shopify(
                    body, SHOPIFY_SECRET, "wh-r-" + UUID.randomUUID(), "orders/paid", "ev-" + UUID.randomUUID());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"duplicate\"");
        }
        assertThat(shopify(
                                body,
                                SHOPIFY_SECRET,
                                "wh-u-" + UUID.randomUUID(),
                                "orders/updated",
                                "ev-" + UUID.randomUUID())
                        .body())
                .as("the same signed body under another topic header")
                .contains("\"duplicate\"");
        poller.drainAll();
        poller.drainAll();

        assertThat(storedCount()).isEqualTo(before + 1);
        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey("gid://shopify/Order/7101")
                        .count())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("P1-T36 attack: a topic header the signed body contradicts is refused (orders/paid on an unpaid order"
            + " or on a body that is no order) and starts nothing")
    void topicRelabelIsRefused() throws Exception {
        String pending = paidOrder(7102).replace("\"financial_status\":\"paid\"", "\"financial_status\":\"pending\"");
        String product = "{\"id\":7103,\"title\":\"T-shirt\",\"admin_graphql_api_id\":\"gid://shopify/Product/7103\"}";
        long before = storedCount();

        HttpResponse<String> unpaid =
                shopify(pending, SHOPIFY_SECRET, "wh-" + UUID.randomUUID(), "orders/paid", "ev-" + UUID.randomUUID());
        assertThat(unpaid.statusCode()).isEqualTo(400);
        assertThat(unpaid.body()).contains("\"topic_mismatch\"");
        HttpResponse<String> notAnOrder =
                shopify(product, SHOPIFY_SECRET, "wh-" + UUID.randomUUID(), "orders/paid", "ev-" + UUID.randomUUID());
        assertThat(notAnOrder.statusCode()).isEqualTo(400);
        assertThat(notAnOrder.body()).contains("\"topic_mismatch\"");
        poller.drainAll();

        assertThat(storedCount()).isEqualTo(before);
        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey("gid://shopify/Order/7102")
                        .count())
                .isZero();
    }

    @Test
    @DisplayName("P1-T36 P1-T-RK06 attack: a signed Shopify delivery for another shop posted to this store's path is"
            + " refused (403) and recorded as a security incident; nothing is stored")
    void foreignShopDomainIsRefused() throws Exception {
        String body = paidOrder(7104);
        long before = storedCount();
        long incidents = incidents(ACME);

        HttpResponse<String> foreign = shopify(
                body,
                SHOPIFY_SECRET,
                "wh-" + UUID.randomUUID(),
                "orders/paid",
                "ev-" + UUID.randomUUID(),
                "globex.myshopify.com");

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"wrong_store\"");
        assertThat(storedCount()).isEqualTo(before);
        assertThat(incidents(ACME)).isEqualTo(incidents + 1);
        assertThat(countRows("select count(*) from security_incidents where channel = 'WEBHOOK'"
                        + " and attempted like '%globex.myshopify.com%'"))
                .isEqualTo(1);
    }

    @Test
    @DisplayName(
            "P1-T36 P1-T-RK06 attack: a signed Printful delivery naming another Printful store is refused (403) and"
                    + " recorded as a security incident; nothing is stored")
    void foreignPrintfulStoreIsRefused() throws Exception {
        String body = shipment(880104, 7105).replace("\"store_id\":4242", "\"store_id\":9999");
        long before = storedCount();
        long incidents = incidents(ACME);

        HttpResponse<String> foreign = printful(body, PRINTFUL_SECRET);

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"wrong_store\"");
        assertThat(storedCount()).isEqualTo(before);
        assertThat(incidents(ACME)).isEqualTo(incidents + 1);
    }

    @Test
    @DisplayName("P1-T36 P1-H10 attack: out-of-range, non-numeric or malformed signature timestamps and headers of"
            + " Stripe, Slack and SendGrid are refused with 400/401 and a typed error, never 500")
    void malformedTimestampsNeverAnswer500() throws Exception {
        String body = stripeEvent("evt_ts" + UUID.randomUUID().toString().replace("-", ""), "payment_intent.succeeded");
        List<String> stripeHeaders = List.of(
                "t=99999999999999999,v1=00",
                "t=-99999999999999999,v1=00",
                "t=9223372036854775807,v1=00",
                "t=99999999999999999999999,v1=00",
                "t=abc,v1=00",
                "t=,v1=",
                ",,,=,=",
                "v1=00");
        for (String header : stripeHeaders) {
            HttpResponse<String> answer = stripe(body, header);
            assertThat(answer.statusCode()).as(header).isIn(400, 401);
            assertThat(answer.body()).as(header).contains("\"error\"");
        }
        for (String timestamp : List.of("99999999999999999", "-99999999999999999", "9223372036854775807", "1e9")) {
            HttpResponse<String> slackAnswer = post(
                    "/webhooks/slack/acme",
                    "payload=%7B%7D",
                    Map.of(
                            "Content-Type",
                            "application/x-www-form-urlencoded",
                            "X-Slack-Signature",
                            "v0=00",
                            "X-Slack-Request-Timestamp",
                            timestamp));
            assertThat(slackAnswer.statusCode()).as("slack " + timestamp).isIn(400, 401);
            HttpResponse<String> sendgridAnswer = post(
                    "/webhooks/sendgrid/acme",
                    "[]",
                    Map.of(
                            "X-Twilio-Email-Event-Webhook-Signature",
                            "bm90",
                            "X-Twilio-Email-Event-Webhook-Timestamp",
                            timestamp));
            assertThat(sendgridAnswer.statusCode()).as("sendgrid " + timestamp).isIn(400, 401);
        }
    }

    @Test
    @DisplayName("P1-T36 P1-T32 attack: a flood of unsigned deliveries writes no row in any table (events, credential"
            + " audit, security incidents) and is answered 429 once the store's limit for this address is spent")
    void unsignedFloodWritesNothingAndIsLimited() throws Exception {
        String body = paidOrder(7106);
        long events = countRows(TIGHT, "select count(*) from event_store");
        long audit = countRows(TIGHT, "select count(*) from credential_audit");
        long incidents = incidents(TIGHT);
        int limit = properties.refusals().limit();

        for (int i = 0; i < limit; i++) {
            HttpResponse<String> unsigned = post(
                    "/webhooks/shopify/tight",
                    body,
                    Map.of("X-Shopify-Webhook-Id", "wh-flood-" + i, "X-Shopify-Topic", "orders/paid"));
            assertThat(unsigned.statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = post(
                "/webhooks/shopify/tight",
                body,
                Map.of("X-Shopify-Webhook-Id", "wh-flood-last", "X-Shopify-Topic", "orders/paid"));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("\"rate_limited\"");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(countRows(TIGHT, "select count(*) from event_store")).isEqualTo(events);
        assertThat(countRows(TIGHT, "select count(*) from credential_audit")).isEqualTo(audit);
        assertThat(incidents(TIGHT)).isEqualTo(incidents);
    }

    @Autowired
    WebhookProperties properties;

    private long incidents(TenantId tenant) {
        return countRows(tenant, "select count(*) from security_incidents");
    }

    // ---- helpers

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long storedCount() {
        return events.list(ACME, EnumSet.allOf(Events.Status.class), 100_000).size();
    }

    private boolean storedSha(String body) {
        return countRows("select count(*) from event_store where payload_sha256 = '" + Digests.sha256Hex(body)
                        + "' and signature_valid = true")
                == 1;
    }

    @Autowired
    io.autobiz.kernel.tenant.TenantJdbc jdbc;

    private long countRows(String sql) {
        return countRows(ACME, sql);
    }

    private long countRows(TenantId tenant, String sql) {
        return jdbc.inTransaction(tenant, connection -> {
            try (var statement = connection.createStatement();
                    var rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private double counter(String name, String provider, String outcome) {
        var counter =
                meters.find(name).tags("provider", provider, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
