package io.autobiz.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.QuickStartInstance;
import io.autobiz.testsupport.QuickStartTest;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The endpoint behind Cockpit's Evidence tab, {@code GET /evidence/process-instances/{id}}, on the quick start with a
 * second store ({@code globex}) whose member must not read the demo store's runs.
 */
@QuickStartTest(properties = "autobiz.tenants.globex.display-name=Globex Test Store")
@IntegrationInternal
class RunEvidenceEndpointIT {

    private static final QuickStartInstance APP = QuickStartInstance.of(RunEvidenceEndpointIT.class);
    private static final String GLOBEX_USER = "globexoperator";
    private static final String GLOBEX_PASSWORD = "globex-operator-password";

    @Autowired
    HistoryService history;

    @Autowired
    IdentityService identity;

    @BeforeEach
    void globexHasAnOperator() {
        if (identity.createUserQuery().userId(GLOBEX_USER).count() == 0) {
            User user = identity.newUser(GLOBEX_USER);
            user.setPassword(GLOBEX_PASSWORD);
            identity.saveUser(user);
            identity.createTenantUserMembership("globex", GLOBEX_USER);
        }
    }

    @Test
    @DisplayName("P1-TASK-27 attack: a member of another store asking for the demo store's run evidence is refused"
            + " (403) and told nothing of the run")
    void otherStoresMemberIsRefused() throws Exception {
        String instance = fulfilledDemoOrder();

        HttpResponse<String> answer = APP.get(path(instance), GLOBEX_USER + ":" + GLOBEX_PASSWORD);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body())
                .contains("FORBIDDEN")
                .doesNotContain("demo-store")
                .doesNotContain("trace")
                .doesNotContain("receipt");
    }

    @Test
    @DisplayName("P1-TASK-27 without a session or credentials, or with a wrong password, the evidence is refused (401)")
    void unauthenticatedIsRefused() throws Exception {
        String instance = fulfilledDemoOrder();

        HttpResponse<String> anonymous = APP.get(path(instance), null);
        HttpResponse<String> wrongPassword = APP.get(path(instance), "approver:not-the-password");

        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(wrongPassword.statusCode()).as(wrongPassword.body()).isEqualTo(401);
        assertThat(anonymous.body() + wrongPassword.body()).doesNotContain("demo-store");
    }

    @Test
    @DisplayName("P1-TASK-27 the store's own approver reads the run's evidence: tool calls with decisions, receipts"
            + " with idempotency keys, the intact receipt chain, and no personal data or secrets")
    void ownStoreIsAnswered() throws Exception {
        String instance = fulfilledDemoOrder();

        HttpResponse<String> answer = APP.get(path(instance), "approver:approver");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode evidence = Json.parse(answer.body());
        assertThat(evidence.get("store").asText()).isEqualTo("demo-store");
        assertThat(evidence.get("processInstanceId").asText()).isEqualTo(instance);
        assertThat(evidence.get("trace")).isNotEmpty();
        assertThat(evidence.get("trace").findValuesAsText("outcome")).isNotEmpty();
        assertThat(evidence.get("receipts")).isNotEmpty();
        evidence.get("receipts").forEach(receipt -> {
            assertThat(receipt.get("idempotencyKey").asText()).startsWith("autobiz:");
            assertThat(receipt.get("hash").asText()).hasSize(64);
        });
        assertThat(evidence.at("/receiptChain/intact").asBoolean()).isTrue();
        assertThat(evidence.at("/bounds/recorded").asBoolean()).isTrue();
        assertThat(evidence.at("/bounds/toolCalls").asLong()).isPositive();
        assertThat(answer.body())
                .as("no personal data: the demo customer's address and name; no secrets or sealed receipt bodies")
                .doesNotContain("ada@example.com")
                .doesNotContain("Lovelace")
                .doesNotContainPattern("sk_(test|live)_")
                .doesNotContain("cXVpY2tzdGFydC1kZW1vLWtleS1OT1QtQS1TRUNSRVQ=")
                .doesNotContain("\"request\"")
                .doesNotContain("\"facts\"");
    }

    @Test
    @DisplayName("P1-TASK-27 the session of a user signed in to Cockpit is enough, as the plugin's fetch sends it")
    void cockpitSessionIsEnough() throws Exception {
        String instance = fulfilledDemoOrder();
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        browser.send(
                HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/camunda/app/cockpit/default/"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> login = browser.send(
                HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/camunda/api/admin/auth/user/default/login/cockpit"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-XSRF-TOKEN", csrfToken(cookies))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=admin&password=" + URLEncoder.encode("admin", StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(URI.create(APP.baseUrl() + path(instance)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(Json.parse(answer.body()).get("store").asText()).isEqualTo("demo-store");
    }

    private static String csrfToken(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("Cockpit set no XSRF-TOKEN cookie"));
    }

    private static String path(String instance) {
        return "/evidence/process-instances/" + instance;
    }

    /** Places a demo order and waits until WF01 has finished: a run with tool calls and receipts. */
    private String fulfilledDemoOrder() throws Exception {
        HttpResponse<String> placed = APP.post("/demo/orders", "");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String instance = Json.parse(placed.body()).get("processInstanceId").asText();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            HistoricProcessInstance done = history.createHistoricProcessInstanceQuery()
                    .processInstanceId(instance)
                    .singleResult();
            return done != null && done.getEndTime() != null;
        });
        return instance;
    }
}
