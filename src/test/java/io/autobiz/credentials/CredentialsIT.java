package io.autobiz.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.PrintfulStubs;
import io.autobiz.testsupport.SendGridStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.autobiz.testsupport.TestSigners;
import io.autobiz.testsupport.WorkflowIT;
import io.autobiz.workflows.OrderWorkflows;
import io.autobiz.workflows.OrderWorkflows.PaidOrder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * P1-TASK-05 on PostgreSQL, end to end: configured secrets are imported encrypted, tools and webhooks get only their
 * store's secrets, an administrator rotates one through the admin API and the next call uses it, and — the last test —
 * none of the secret values appears in anything this run logged or stored.
 *
 * <p>The tests run in order because the last one inspects what all of them (and the start-up) produced. Everything
 * written to standard output and error from the start of the application is kept for it, at DEBUG for AutoBiz.
 */
@WorkflowIT(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Here, not in the dynamic properties: logging is set up before those are added.
        // The job executor runs WF01 here, so the kernel's tenant context is exercised on its threads.
        properties = {
            "logging.level.root=INFO",
            "logging.level.io.autobiz=DEBUG",
            "camunda.bpm.job-execution.enabled=true"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@IntegrationExternal
class CredentialsIT {

    private static final LogCapture LOGS = LogCapture.start();
    private static final TenantId ACME = TenantId.of("acme");
    /** Test-only values; acme's come from application-it.yml. */
    private static final String OPERATOR_PASSWORD = "Test-only-Passw0rd!";

    private static final String GLOBEX_STRIPE_KEY = "sk_test_it_globex_fake_key_0001";
    private static final String GLOBEX_WEBHOOK_SECRET = "it-fake-globex-webhook-secret";
    private static final String ROTATED_STRIPE_KEY = "sk_test_it_rotated_fake_key_0002";
    private static final String ACME_WEBHOOK_SECRET = "it-fake-printful-webhook-secret";

    /** The operator, and a second store with its own Stripe key and Printful webhook secret. */
    @DynamicPropertySource
    static void operatorAndSecondStore(DynamicPropertyRegistry registry) {
        registry.add("autobiz.admin.user", () -> "ops");
        registry.add("autobiz.admin.password", () -> OPERATOR_PASSWORD);
        registry.add("autobiz.tenants.globex.display-name", () -> "Globex Test Store");
        registry.add("autobiz.tenants.globex.printful-store-id", () -> "5151");
        registry.add("autobiz.tenants.globex.secrets[stripe.api_key]", () -> GLOBEX_STRIPE_KEY);
        registry.add("autobiz.tenants.globex.secrets[printful.webhook_secret]", () -> GLOBEX_WEBHOOK_SECRET);
    }

    @AfterAll
    static void stop() {
        LOGS.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProcessEngine engine;

    @Autowired
    WireMockServer providers;

    @Autowired
    TestDatabase database;

    @Autowired
    OrderWorkflows workflows;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Traces traces;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void stubProviders() {
        providers.stubFor(ShopifyStubs.operation("AutoBizOrderGet")
                .willReturn(okJson(ShopifyStubs.orderJson(2002, "AUTHORIZED", null))));
        providers.stubFor(StripeStubs.authorized("pi_3Q0rot", 2002, 2500));
        providers.stubFor(StripeStubs.captured("pi_3Q0rot", 2500));
        providers.stubFor(PrintfulStubs.orderCreated(888002, 2002));
        providers.stubFor(PrintfulStubs.confirmed(888002, "pending"));
        providers.stubFor(SendGridStubs.accepted("msg-it-2"));
    }

    @Test
    @Order(1)
    @DisplayName("P1-T32 configured secrets are imported encrypted at start-up; administrators see names, never values")
    void importedSecretsAreListedWithoutValues() throws Exception {
        HttpResponse<String> listed = call("GET", "/admin/tenants/acme/credentials", "ops", null);

        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode answer = Json.parse(listed.body());
        assertThat(answer.get("source").asText()).isEqualTo("database");
        assertThat(answer.get("credentials"))
                .extracting(secret -> secret.get("name").asText())
                .containsExactly(
                        "printful.token",
                        "printful.webhook_secret",
                        "sendgrid.api_key",
                        "shopify.access_token",
                        "stripe.api_key");
        assertThat(answer.get("credentials")).allSatisfy(secret -> {
            assertThat(secret.get("version").asInt()).isEqualTo(1);
            assertThat(secret.get("keyId").asText()).isEqualTo("it-test-only");
            assertThat(secret.get("rotatedBy").asText()).isEqualTo("config-import");
        });
        assertThat(listed.body()).doesNotContain("fake");
        assertThat(answer.get("credentials"))
                .as("the per-secret age is for administrators, behind the login")
                .allSatisfy(
                        secret -> assertThat(secret.get("ageDays").asDouble()).isBetween(0.0, 0.01));
        assertThat(oldestRotationAge("acme")).isBetween(0.0, 0.01);
        assertThat(rowsOf(ACME, "select ciphertext from tenant_secrets"))
                .hasSize(5)
                .allSatisfy(ciphertext -> assertThat(ciphertext).startsWith("v1:it-test-only:"));
    }

    @Test
    @Order(2)
    @DisplayName("P1-T32 rotation is for administrators only (401, 403), audited, and the next tool call uses the new"
            + " value; a full WF01 run uses only the store's own credentials")
    void rotationTakesEffectForTheNextCall() throws Exception {
        String body = "{\"value\":\"" + ROTATED_STRIPE_KEY + "\"}";
        if (engine.getIdentityService().createUserQuery().userId("clerk").count() == 0) {
            var clerk = engine.getIdentityService().newUser("clerk");
            clerk.setPassword(OPERATOR_PASSWORD);
            engine.getIdentityService().saveUser(clerk);
        }
        assertThat(call("PUT", "/admin/tenants/acme/credentials/stripe.api_key", null, body)
                        .statusCode())
                .isEqualTo(401);
        assertThat(call("PUT", "/admin/tenants/acme/credentials/stripe.api_key", "clerk", body)
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> rotated = call("PUT", "/admin/tenants/acme/credentials/stripe.api_key", "ops", body);

        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.body()).doesNotContain(ROTATED_STRIPE_KEY);
        JsonNode metadata = Json.parse(rotated.body());
        assertThat(metadata.get("version").asInt()).isEqualTo(2);
        assertThat(metadata.get("rotatedBy").asText()).isEqualTo("ops");

        ProcessInstance order = workflows.startFulfilment(
                new PaidOrder(ACME, "gid://shopify/Order/2002", "pi_3Q0rot", "corr-credentials-it"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(order).isWaitingAt("Event_ShipmentSent"));
        assertThat(traces.transcript(ACME, order.getId()))
                .as("kernel rows written on job-executor threads, in the store's context")
                .hasSize(6)
                .allSatisfy(event -> assertThat(event.outcome()).isEqualTo(TraceEvent.Outcome.OK));
        assertThat(traces.transcript(TenantId.of("globex"), order.getId())).isEmpty();
        assertThat(engine.getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(order.getId())
                        .list())
                .as("the engine's history carries the store")
                .isNotEmpty()
                .allSatisfy(activity -> assertThat(activity.getTenantId()).isEqualTo("acme"));

        providers.verify(
                1,
                StripeStubs.captureRequested("pi_3Q0rot")
                        .withHeader("Authorization", equalTo("Bearer " + ROTATED_STRIPE_KEY)));
        providers.verify(
                1,
                postRequestedFor(urlEqualTo("/shopify/admin/api/2025-10/graphql.json"))
                        .withHeader("X-Shopify-Access-Token", equalTo("shpat_it_fake_token_for_wiremock")));
        providers.verify(
                1,
                postRequestedFor(urlEqualTo("/printful/v2/orders"))
                        .withHeader("Authorization", equalTo("Bearer it-fake-printful-token")));
        providers.verify(
                1,
                postRequestedFor(urlEqualTo("/printful/v2/orders/888002/confirmation"))
                        .withHeader("Authorization", equalTo("Bearer it-fake-printful-token")));
        assertThat(providers.findAll(StripeStubs.captureRequested("pi_3Q0rot")))
                .noneMatch(request -> request.getHeader("Authorization").contains(GLOBEX_STRIPE_KEY));
        assertThat(rowsOf(ACME, "select secret_name || '|' || principal || '|' || action from credential_audit"))
                .contains(
                        "stripe.api_key|ops|ROTATED",
                        "stripe.api_key|workflow:order-fulfill|READ",
                        "shopify.access_token|workflow:order-fulfill|READ",
                        "printful.token|workflow:order-fulfill|READ");
        assertThat(oldestRotationAge("acme")).isBetween(0.0, 0.01);
        assertThat(meters.get("credential_access_total")
                        .tags("tenant", "acme", "dependency", "stripe", "action", "READ")
                        .counter()
                        .count())
                .as("the run's read of the rotated key, counted by store and dependency")
                .isGreaterThanOrEqualTo(1.0);
        assertThat(meters.find("credential_access_total").counters())
                .flatExtracting(counter -> counter.getId().getTags())
                .extracting(Tag::getValue)
                .as("no secret name in a label")
                .doesNotContain("stripe.api_key", "shopify.access_token", "printful.token", "printful.webhook_secret");
    }

    @Test
    @Order(3)
    @DisplayName("P1-T32 bad rotation requests get 400 or 404 with a reason, never an echo, and change nothing")
    void badRotationRequestsChangeNothing() throws Exception {
        String secretLooking = "sk_test_it_must_never_be_echoed_0003";
        List<HttpResponse<String>> refusals = List.of(
                call("PUT", "/admin/tenants/initech/credentials/stripe.api_key", "ops", "{\"value\":\"x1\"}"),
                call("PUT", "/admin/tenants/acme/credentials/stripe", "ops", "{\"value\":\"" + secretLooking + "\"}"),
                call("PUT", "/admin/tenants/acme/credentials/stripe.api_key", "ops", "{\"value\":\"" + secretLooking),
                call(
                        "PUT",
                        "/admin/tenants/acme/credentials/stripe.api_key",
                        "ops",
                        "{\"value\":\"" + secretLooking + "\",\"note\":\"x\"}"),
                call("PUT", "/admin/tenants/acme/credentials/stripe.api_key", "ops", "{\"value\":\"  \"}"));

        assertThat(refusals).extracting(HttpResponse::statusCode).containsExactly(404, 400, 400, 400, 400);
        assertThat(refusals)
                .allSatisfy(refusal ->
                        assertThat(refusal.body()).contains("\"error\"").doesNotContain(secretLooking));
        assertThat(Json.parse(call("GET", "/admin/tenants/acme/credentials", "ops", null)
                                .body())
                        .get("credentials")
                        .findValues("version"))
                .extracting(JsonNode::asInt)
                .containsExactly(1, 1, 1, 1, 2);
    }

    @Test
    @Order(4)
    @DisplayName("P1-T32 P1-T-RK06c a webhook is verified with its own store's secret only: signed with another store's"
            + " secret it is refused")
    void webhookSecretsAreScopedToTheirStore() throws Exception {
        byte[] acmeEvent =
                "{\"type\":\"package_returned\",\"store_id\":4242,\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        byte[] globexEvent =
                "{\"type\":\"package_returned\",\"store_id\":5151,\"data\":{}}".getBytes(StandardCharsets.UTF_8);

        assertThat(webhook("acme", acmeEvent, ACME_WEBHOOK_SECRET).statusCode()).isEqualTo(200);
        assertThat(webhook("acme", acmeEvent, GLOBEX_WEBHOOK_SECRET).statusCode())
                .isEqualTo(401);
        assertThat(webhook("globex", globexEvent, ACME_WEBHOOK_SECRET).statusCode())
                .isEqualTo(401);
        assertThat(webhook("globex", globexEvent, GLOBEX_WEBHOOK_SECRET).statusCode())
                .isEqualTo(200);
        assertThat(rowsOf(ACME, "select secret_name || '|' || principal from credential_audit where action = 'READ'"))
                .contains("printful.webhook_secret|webhook:printful");
    }

    @Test
    @Order(5)
    @DisplayName("P1-T32 no secret value appears in the logs of the full run, nor in any table it wrote")
    void noSecretIsLoggedOrStoredInTheClear() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("acme stripe.api_key (configured)", "sk_test_it_fake_key_for_wiremock");
        secrets.put("acme shopify.access_token", "shpat_it_fake_token_for_wiremock");
        secrets.put("acme printful.token", "it-fake-printful-token");
        secrets.put("acme printful.webhook_secret", ACME_WEBHOOK_SECRET);
        secrets.put("acme sendgrid.api_key", "SG.it-fake-sendgrid-key");
        secrets.put("globex stripe.api_key", GLOBEX_STRIPE_KEY);
        secrets.put("globex printful.webhook_secret", GLOBEX_WEBHOOK_SECRET);
        secrets.put("acme stripe.api_key (rotated)", ROTATED_STRIPE_KEY);
        secrets.put("master key bytes", "it-test-master-key-not-a-secret!");
        secrets.put("master key base64", "aXQtdGVzdC1tYXN0ZXIta2V5LW5vdC1hLXNlY3JldCE=");
        secrets.put("administrator password", OPERATOR_PASSWORD);
        secrets.put("application role password", TestPostgres.APP_PASSWORD);
        secrets.put("owner role password", TestPostgres.OWNER_PASSWORD);
        String logs = LOGS.text();

        assertThat(logs)
                .as("the capture saw this run's log lines")
                .contains("imported 5 configured secret(s) of store acme")
                .contains("credential stripe.api_key of store acme rotated by ops")
                .contains("security incident")
                .contains("principal=user:clerk");
        // Failures name the secret, never print its value or the whole log.
        assertThat(leakedIn(logs, secrets))
                .as("secrets whose value is in the logs")
                .isEmpty();
        Map<String, String> tables = everyTableAsText();
        assertThat(tables).containsKeys("tenant_secrets", "credential_audit", "traces", "act_hi_varinst");
        assertThat(tables.get("tenant_secrets"))
                .as("the scan reads every store's rows")
                .contains("v1:it-test-only:");
        assertThat(tables.get("credential_audit")).contains("ROTATED");
        tables.forEach((table, content) -> assertThat(leakedIn(content, secrets))
                .as("secrets whose value table %s holds in the clear", table)
                .isEmpty());
    }

    private static List<String> leakedIn(String text, Map<String, String> secrets) {
        return secrets.entrySet().stream()
                .filter(secret -> text.contains(secret.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    // --- helpers

    private HttpResponse<String> call(String method, String path, String user, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> webhook(String tenant, byte[] body, String signingSecret) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/printful/" + tenant))
                        .header("Content-Type", "application/json")
                        .header("x-pf-webhook-signature", TestSigners.printful(body, signingSecret))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The store's oldest rotation age; labelled by store only, never by a secret's name. */
    private double oldestRotationAge(String tenant) {
        Gauge gauge = meters.find("credential_rotation_oldest_age_days")
                .tags("tenant", tenant)
                .gauge();
        assertThat(gauge)
                .as("credential_rotation_oldest_age_days{tenant=%s}", tenant)
                .isNotNull();
        assertThat(gauge.getId().getTags()).extracting(Tag::getKey).containsExactly("tenant");
        return gauge.value();
    }

    /** One text column of the store's rows, read as the application role in the store's context. */
    private List<String> rowsOf(TenantId tenant, String sql) throws SQLException {
        try (Connection app = database.appDataSource().getConnection()) {
            app.setAutoCommit(false);
            setTenant(app, tenant.value());
            List<String> rows = new ArrayList<>();
            try (Statement statement = app.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            app.rollback();
            return rows;
        }
    }

    /**
     * Every table of the schema as text, the way a database dump would show it: AutoBiz tables once per store (row-level
     * security shows each store its own rows), engine tables as they are, binary engine data decoded.
     */
    private Map<String, String> everyTableAsText() throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Connection app = database.appDataSource().getConnection()) {
            app.setAutoCommit(false);
            List<String[]> names = new ArrayList<>();
            try (Statement statement = app.createStatement();
                    ResultSet result = statement.executeQuery("select c.relname, exists (select 1 from pg_attribute a"
                            + " where a.attrelid = c.oid and a.attname = 'tenant_id') from pg_class c join"
                            + " pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and"
                            + " c.relkind = 'r' and c.relname <> 'flyway_schema_history'")) {
                while (result.next()) {
                    names.add(new String[] {result.getString(1), String.valueOf(result.getBoolean(2))});
                }
            }
            for (String[] table : names) {
                StringBuilder content = new StringBuilder();
                for (String tenant : Boolean.parseBoolean(table[1]) ? List.of("acme", "globex") : List.of("")) {
                    if (!tenant.isEmpty()) {
                        setTenant(app, tenant);
                    }
                    String column = table[0].equals("act_ge_bytearray")
                            ? "coalesce(encode(t.bytes_, 'escape'), '')"
                            : "t::text";
                    try (Statement statement = app.createStatement();
                            ResultSet result = statement.executeQuery("select coalesce(string_agg(" + column
                                    + ", E'\\n'), '') from " + table[0] + " t")) {
                        result.next();
                        content.append(result.getString(1)).append('\n');
                    }
                    app.rollback();
                }
                tables.put(table[0], content.toString());
            }
        }
        return tables;
    }

    private static void setTenant(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("select set_tenant_context(?)")) {
            set.setString(1, tenant);
            set.execute();
        }
    }

    /**
     * Keeps a copy of everything written to standard output and error from the moment this test class is loaded
     * (before the application starts), which is where the application's console log goes.
     */
    static final class LogCapture {
        private final PrintStream originalOut = System.out;
        private final PrintStream originalErr = System.err;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        static LogCapture start() {
            LogCapture capture = new LogCapture();
            System.setOut(capture.tee(capture.originalOut));
            System.setErr(capture.tee(capture.originalErr));
            return capture;
        }

        private PrintStream tee(PrintStream original) {
            return new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            original.write(b);
                            synchronized (copy) {
                                copy.write(b);
                            }
                        }

                        @Override
                        public void write(byte[] bytes, int offset, int length) {
                            original.write(bytes, offset, length);
                            synchronized (copy) {
                                copy.write(bytes, offset, length);
                            }
                        }
                    },
                    true,
                    StandardCharsets.UTF_8);
        }

        String text() {
            synchronized (copy) {
                return copy.toString(StandardCharsets.UTF_8);
            }
        }

        void stop() {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
