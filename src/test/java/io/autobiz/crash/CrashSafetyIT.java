package io.autobiz.crash;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.PrintfulStubs;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.SendGridStubs;
import io.autobiz.testsupport.ShopifyStubs;
import io.autobiz.testsupport.StripeStubs;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md, "Transactions", end to end with a real crash: the application runs as a child JVM (postgres
 * profile, job executor on), WF01 reaches "capture payment", Stripe (WireMock) accepts the capture, and the process is
 * killed (SIGKILL) while the answer is on its way — after the provider's effect, before the job's transaction commits.
 * A second JVM on the same database retries the job: it sends the same Idempotency-Key, Stripe answers with the first
 * result, and exactly one receipt exists.
 */
@IntegrationExternal
class CrashSafetyIT {

    private static final TestDatabase DATABASE = TestPostgres.newDatabase();
    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    private static final String CAPTURE = "/stripe/v1/payment_intents/pi_3Qcrash/capture";
    private static final String OPERATOR_PASSWORD = "Test-only-Passw0rd!";

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.stop();
    }

    @Test
    @DisplayName("P1-T13 P1-T05-NEG-crash a crash after the provider accepted a capture: the retry reuses the"
            + " external key, the provider records one effect, exactly one receipt exists")
    void crashBetweenProviderAndCommit() throws Exception {
        stubProviders();
        int port = freePort();

        Process first = start(port, "first");
        startOrder(port);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !PROVIDERS
                        .findAll(postRequestedFor(urlEqualTo(CAPTURE)))
                        .isEmpty());
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback handler, the job's transaction just dies
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(captureReceipts()).as("no receipt: the step never committed").isZero();

        start(freePort(), "second");
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> captureReceipts() > 0);

        List<LoggedRequest> captures = PROVIDERS.findAll(postRequestedFor(urlEqualTo(CAPTURE)));
        assertThat(captures).hasSizeGreaterThanOrEqualTo(2);
        assertThat(captures.stream().map(r -> r.getHeader("Idempotency-Key")).distinct())
                .as("one external key, so Stripe records one effect")
                .singleElement()
                .satisfies(key -> assertThat(key).matches("autobiz:[0-9a-f]{32}"));
        assertThat(captureReceipts()).isEqualTo(1);
    }

    private static void stubProviders() {
        PROVIDERS.resetAll();
        PROVIDERS.stubFor(ShopifyStubs.operation("AutoBizOrderGet")
                .willReturn(okJson(ShopifyStubs.orderJson(9001, "AUTHORIZED", null))));
        String captured = StripeStubs.paymentIntentJson("pi_3Qcrash", 2500, "succeeded");
        // Stripe takes the capture at once; its answer to the first request is slow, so the caller dies waiting.
        PROVIDERS.stubFor(post(urlEqualTo(CAPTURE))
                .inScenario("capture")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(captured).withFixedDelay(120_000))
                .willSetStateTo("captured"));
        PROVIDERS.stubFor(post(urlEqualTo(CAPTURE))
                .inScenario("capture")
                .whenScenarioStateIs("captured")
                .willReturn(okJson(captured)));
        PROVIDERS.stubFor(StripeStubs.authorized("pi_3Qcrash", 9001, 2500));
        PROVIDERS.stubFor(PrintfulStubs.orderCreated(777009, 9001));
        PROVIDERS.stubFor(PrintfulStubs.confirmed(777009, "pending"));
        PROVIDERS.stubFor(SendGridStubs.accepted("msg-crash-1"));
    }

    /** The application as a child JVM on the test classpath, logging to target/crash-safety-<name>.log. */
    private Process start(int port, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.autobiz.AutoBizApplication");
        Map<String, String> properties = new java.util.LinkedHashMap<>(DATABASE.springProperties());
        properties.putAll(ProviderStubs.properties(PROVIDERS));
        properties.put("spring.profiles.active", "postgres,it");
        properties.put("server.port", String.valueOf(port));
        properties.put("autobiz.admin.user", "ops");
        properties.put("autobiz.admin.password", OPERATOR_PASSWORD);
        properties.put("camunda.bpm.job-execution.enabled", "true");
        properties.put("camunda.bpm.job-execution.lock-time-in-millis", "5000");
        properties.put("camunda.bpm.job-execution.wait-time-in-millis", "500");
        properties.put("camunda.bpm.job-execution.max-wait", "1000");
        properties.put("camunda.bpm.generate-unique-process-engine-name", "false");
        properties.put("autobiz.evidence.lease-margin", "PT1S");
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Path.of("target", "crash-safety-" + name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        children.add(process);
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the application exited; see " + log.toAbsolutePath(), () -> !process.isAlive())
                .until(() -> healthy(port));
        return process;
    }

    private static boolean healthy(int port) {
        try {
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Shopify says the order is paid: the engine's REST API correlates OrderPaid, as the webhook processor would. */
    private static void startOrder(int port) throws IOException, InterruptedException {
        String body = """
                {"messageName":"OrderPaid","withoutTenantId":true,"businessKey":"gid://shopify/Order/9001",
                 "processVariables":{
                   "tenantId":{"value":"acme","type":"String"},
                   "correlationId":{"value":"corr-crash-1","type":"String"},
                   "orderId":{"value":"gid://shopify/Order/9001","type":"String"},
                   "orderRef":{"value":"shopify-9001","type":"String"},
                   "paymentIntentId":{"value":"pi_3Qcrash","type":"String"}}}""";
        HttpResponse<String> started = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/message"))
                                .header("Content-Type", "application/json")
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(("ops:" + OPERATOR_PASSWORD)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isIn(200, 204);
    }

    private static long captureReceipts() throws SQLException {
        try (Connection owner = DATABASE.ownerDataSource().getConnection()) {
            owner.setAutoCommit(false);
            try (Statement context = owner.createStatement()) {
                context.execute("select set_config('app.tenant_id', 'acme', true)");
            }
            try (PreparedStatement count =
                    owner.prepareStatement("select count(*) from receipts where tool = 'stripe.payment.capture@1'")) {
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    long n = rows.getLong(1);
                    owner.rollback();
                    return n;
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return 0; // not migrated yet
            }
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
