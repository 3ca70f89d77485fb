package io.autobiz.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zaxxer.hikari.HikariDataSource;
import io.autobiz.AutoBizApplication;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two AutoBiz nodes (postgres profile, each with its own job executor and event poller) on one PostgreSQL database
 * and one Redis key space, providers in WireMock. Paid orders and their shipments arrive as signed webhooks, spread
 * over both nodes and partly redelivered; node A dies half-way through, node B finishes.
 *
 * <p>How node A dies: its connection pool is closed under it first (every open transaction, every event claim and row
 * lock it held is rolled back by PostgreSQL, as when a process is killed), then its context is closed with
 * {@code server.shutdown=immediate}. That is as near to SIGKILL as one JVM gets; the difference is that threads
 * in the middle of a provider call may still finish that call (a killed process would not), which is the harder case
 * for duplicate effects, and that engine jobs it had locked are released by lock expiry (10 s here) rather than by a
 * restart. The soak harness (docs/operations.md) is where a real SIGKILL belongs.
 */
@IntegrationExternal
class TwoNodeClusterIT {

    private static final TestDatabase DATABASE = TestPostgres.newDatabase();
    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    private static final String SHOPIFY_SECRET = "it-fake-shopify-webhook-secret";
    private static final String PRINTFUL_SECRET = "it-fake-printful-webhook-secret";
    /** One Redis key space for both nodes (shared idempotency and breakers), none with other builds. */
    private static final String REDIS_PREFIX = "it-cluster-" + UUID.randomUUID() + ":";

    private static final int ORDERS = 12;
    private static final int FIRST = 8001;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final List<ConfigurableApplicationContext> OPEN = new ArrayList<>();

    @AfterAll
    static void stopAll() {
        OPEN.forEach(ConfigurableApplicationContext::close);
        PROVIDERS.stop();
    }

    private static ConfigurableApplicationContext node(String id) {
        Map<String, Object> properties = new HashMap<>(DATABASE.springProperties());
        properties.putAll(ProviderStubs.properties(PROVIDERS));
        properties.put("server.port", "0");
        properties.put("server.shutdown", "immediate");
        properties.put("autobiz.cluster.node-id", id);
        properties.put("autobiz.tenants.acme.secrets[shopify.webhook_secret]", SHOPIFY_SECRET);
        properties.put("autobiz.evidence.redis.url", "redis://127.0.0.1:6379");
        properties.put("autobiz.evidence.redis.key-prefix", REDIS_PREFIX);
        properties.put("autobiz.circuit-breakers.redis-url", "redis://127.0.0.1:6379");
        properties.put("autobiz.webhooks.processor.poll-interval", "PT0.2S");
        properties.put("autobiz.reconciliation.enabled", "false");
        // The it profile plays the job executor by hand; here each node runs its own, as in production.
        properties.put("camunda.bpm.job-execution.enabled", "true");
        properties.put("camunda.bpm.job-execution.lock-time-in-millis", "10000");
        // A job thread holds the engine's connection while the kernel takes its own for the store's rows: the pool
        // must exceed twice the job threads plus the event poller, or jobs wait 30 s for a connection and time out.
        properties.put("camunda.bpm.job-execution.core-pool-size", "2");
        properties.put("camunda.bpm.job-execution.max-pool-size", "4");
        properties.put("spring.datasource.hikari.maximum-pool-size", "12");
        properties.put("camunda.bpm.job-execution.wait-time-in-millis", "200");
        properties.put("camunda.bpm.job-execution.max-wait", "1000");
        // As command-line arguments: they outrank the profiles' files (builder properties would not).
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AutoBizApplication.class)
                .profiles("postgres", "it")
                .run(arguments);
        OPEN.add(context);
        return context;
    }

    @Test
    @DisplayName("P1-TASK-32 two nodes, one database: signed webhooks spread over both nodes, node A stopped abruptly"
            + " half-way; every event is processed exactly once, every order's capture, Printful order and mails"
            + " happen once, and a cluster-wide job runs on one node")
    void twoNodesOneDatabase() throws Exception {
        stubProviders();
        ConfigurableApplicationContext a = node("node-a");
        ConfigurableApplicationContext b = node("node-b");
        int portA = port(a);
        int portB = port(b);

        clusterJobRunsOnOneNode(a, b);

        List<String[]> deliveries = new ArrayList<>(); // {kind, order}
        for (int i = FIRST; i < FIRST + ORDERS; i++) {
            deliveries.add(new String[] {"paid", Integer.toString(i)});
        }
        for (int i = FIRST; i < FIRST + ORDERS; i++) {
            deliveries.add(new String[] {"shipped", Integer.toString(i)});
        }
        for (int i = FIRST; i < FIRST + ORDERS; i += 2) {
            deliveries.add(new String[] {"paid", Integer.toString(i)}); // Shopify redelivers some payments
        }
        int half = ORDERS;
        for (int n = 0; n < deliveries.size(); n++) {
            if (n == half) {
                kill(a);
            }
            int target = n < half && n % 2 == 0 ? portA : portB;
            HttpResponse<String> answer = deliver(target, deliveries.get(n));
            assertThat(answer.statusCode())
                    .as("delivery %d: %s", n, answer.body())
                    .isEqualTo(200);
        }

        DataSource db = b.getBean(DataSource.class);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(eventStates(db)).as("events by status").containsOnlyKeys("PROCESSED");
                    assertThat(openOrderRuns(db)).as("WF01 runs not ended").isZero();
                });

        assertThat(eventStates(db))
                .as("every distinct webhook stored once and processed once")
                .isEqualTo(Map.of("PROCESSED", 2 * ORDERS));
        for (int order = FIRST; order < FIRST + ORDERS; order++) {
            assertThat(distinctKeys("/stripe/v1/payment_intents/pi_cl" + order + "/capture"))
                    .as("order %d captured under one idempotency key", order)
                    .hasSize(1);
        }
        Map<String, Long> printfulOrders = PROVIDERS
                .findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        urlEqualTo("/printful/v2/orders")))
                .stream()
                .collect(Collectors.groupingBy(
                        request ->
                                request.getBodyAsString().replaceAll(".*\"external_id\"\\s*:\\s*\"([^\"]+)\".*", "$1"),
                        TreeMap::new,
                        Collectors.counting()));
        assertThat(printfulOrders).as("one Printful order per Shopify order").hasSize(ORDERS);
        assertThat(printfulOrders.values()).as("no Printful order placed twice").containsOnly(1L);
        assertThat(PROVIDERS.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        urlEqualTo("/sendgrid/v3/mail/send"))))
                .as("confirmation and shipped mail, once each per order")
                .hasSize(2 * ORDERS);
        assertThat(jobHosts(db)).as("both nodes' job executors ran WF01's jobs").contains("node-a", "node-b");
    }

    /** One node holds the job's lock while it runs it; the other, trying in the same period, skips it. */
    private static void clusterJobRunsOnOneNode(ConfigurableApplicationContext a, ConfigurableApplicationContext b)
            throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable job = () -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Duration interval = Duration.ofMinutes(5);
        CompletableFuture<Boolean> onA =
                CompletableFuture.supplyAsync(() -> a.getBean(ClusterJobs.class).runOnce("it-probe", interval, job));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        boolean onBWhileARuns = b.getBean(ClusterJobs.class).runOnce("it-probe", interval, job);
        release.countDown();
        boolean ranOnA = onA.get(30, TimeUnit.SECONDS);
        boolean onBAfterwards = b.getBean(ClusterJobs.class).runOnce("it-probe", interval, job);

        assertThat(ranOnA).isTrue();
        assertThat(onBWhileARuns).as("node B while node A runs the job").isFalse();
        assertThat(onBAfterwards).as("node B later in the same period").isFalse();
        assertThat(runs).hasValue(1);
        try (Connection connection = b.getBean(DataSource.class).getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select locked_by from shedlock where name = 'it-probe'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("node-a");
        }
    }

    /** As near to a crash as one JVM gets: connections cut first (PostgreSQL rolls back), then no graceful stop. */
    private static void kill(ConfigurableApplicationContext node) {
        node.getBean(HikariDataSource.class).close();
        node.close();
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    private static Set<String> distinctKeys(String url) {
        return PROVIDERS
                .findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(url)))
                .stream()
                .map(LoggedRequest.class::cast)
                .map(request -> String.valueOf(request.getHeader("Idempotency-Key")))
                .collect(Collectors.toSet());
    }

    private static Map<String, Integer> eventStates(DataSource db) throws Exception {
        Map<String, Integer> states = new TreeMap<>();
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("select set_tenant_context('acme')");
            try (ResultSet rows = statement.executeQuery(
                    "select status, count(*) from event_store where tenant_id = 'acme' group by status")) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getInt(2));
                }
            }
            connection.rollback();
        }
        return states;
    }

    private static int openOrderRuns(DataSource db) throws Exception {
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from act_hi_procinst p join act_re_procdef d"
                        + " on d.id_ = p.proc_def_id_ where d.key_ = 'order-fulfill' and p.end_time_ is null")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The node IDs in the engine's job log (the engine's host name is the node ID). */
    private static Set<String> jobHosts(DataSource db) throws Exception {
        Set<String> hosts = new java.util.TreeSet<>();
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select distinct hostname_ from act_hi_job_log")) {
            while (rows.next()) {
                hosts.add(rows.getString(1));
            }
        }
        return hosts;
    }

    private static HttpResponse<String> deliver(int port, String[] delivery) throws Exception {
        int order = Integer.parseInt(delivery[1]);
        HttpRequest.Builder request;
        if ("paid".equals(delivery[0])) {
            String body = """
                    {"id":%d,"admin_graphql_api_id":"gid://shopify/Order/%d","name":"#%d","financial_status":"paid",
                     "note_attributes":[{"name":"stripe_payment_intent","value":"pi_cl%d"}]}""".formatted(order, order, order, order);
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/shopify/acme"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header(
                            "X-Shopify-Hmac-Sha256",
                            Base64.getEncoder()
                                    .encodeToString(Digests.hmacSha256(
                                            SHOPIFY_SECRET.getBytes(StandardCharsets.UTF_8),
                                            body.getBytes(StandardCharsets.UTF_8))))
                    .header("X-Shopify-Webhook-Id", "wh-cl-paid-" + order)
                    .header("X-Shopify-Topic", "orders/paid")
                    .header("X-Shopify-Event-Id", "wh-cl-paid-" + order)
                    .header("X-Shopify-Shop-Domain", "acme-test.myshopify.com");
        } else {
            long printful = 800_000L + order;
            String body = """
                    {"type":"shipment_sent","created":1764000100,"retries":0,"store_id":4242,
                     "data":{"shipment":{"id":%d,"order_id":%d,"carrier":"USPS","tracking_number":"9400%d",
                       "tracking_url":"https://tools.usps.com/go/TrackConfirmAction?tLabels=9400%d"},
                       "order":{"id":%d,"external_id":"shopify-%d","status":"fulfilled"}}}""".formatted(printful * 10 + 1, printful, order, order, printful, order);
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/printful/acme"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header(
                            "x-pf-webhook-signature",
                            Digests.hmacSha256Hex(PRINTFUL_SECRET, body.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(
                request.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void stubProviders() {
        ProviderStubs.stubShopifyOrder(PROVIDERS, 1, "AUTHORIZED");
        PROVIDERS.stubFor(post(urlEqualTo("/sendgrid/v3/mail/send"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Message-Id", "msg-it-cluster")));
        for (int order = FIRST; order < FIRST + ORDERS; order++) {
            long printful = 800_000L + order;
            ProviderStubs.stubStripePayment(PROVIDERS, "pi_cl" + order, order, 2500, "usd");
            PROVIDERS.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/pi_cl" + order + "/capture"))
                    .willReturn(okJson("""
                            {"id":"pi_cl%d","object":"payment_intent","amount":2500,"amount_capturable":0,
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
}
