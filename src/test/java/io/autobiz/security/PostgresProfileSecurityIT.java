package io.autobiz.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.PostgresWebIT;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * The postgres profile as an operator starts it: no demo logins, no default password, REST behind Basic auth, the
 * first-administrator setup closed, metrics behind the scrape login. With the Prometheus registry, which Spring Boot's
 * tests leave out unless asked.
 */
@AutoConfigureObservability(tracing = false)
@IntegrationInternal
class PostgresProfileSecurityIT extends PostgresWebIT {

    @Autowired
    IdentityService identity;

    @Test
    @DisplayName("P1-TASK-02 outside the quick start there are no demo logins; the configured administrator exists")
    void noDemoLoginsOnlyTheConfiguredAdministrator() {
        assertThat(identity.createUserQuery().list()).extracting("id").doesNotContain("admin", "approver", "demo");
        assertThat(identity.createUserQuery()
                        .memberOfGroup(Groups.CAMUNDA_ADMIN)
                        .singleResult()
                        .getId())
                .isEqualTo("ops");
        assertThat(identity.checkPassword("admin", "admin")).isFalse();
        assertThat(identity.checkPasswordAgainstPolicy("admin").isValid())
                .as("the password policy is on")
                .isFalse();
    }

    @Test
    @DisplayName("P1-TASK-02 /engine-rest answers 401 without credentials and 200 for the configured administrator")
    void engineRestNeedsCredentials() throws Exception {
        assertThat(get("/engine-rest/task", null).statusCode()).isEqualTo(401);
        assertThat(get("/engine-rest/task", "admin:admin").statusCode())
                .as("no demo login")
                .isEqualTo(401);
        assertThat(get("/engine-rest/task", ops()).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName(
            "P1-TASK-02 the admin API admits administrators only: 401 without or with wrong credentials, 403 otherwise")
    void adminApiIsForAdministratorsOnly() throws Exception {
        if (identity.createUserQuery().userId("clerk").count() == 0) {
            var clerk = identity.newUser("clerk");
            clerk.setPassword(OPERATOR_PASSWORD);
            identity.saveUser(clerk);
        }
        assertThat(get("/admin/whoami", null).statusCode()).isEqualTo(401);
        // A wrong password locks that login for seconds (engine throttling): probe with a user that does not exist.
        assertThat(get("/admin/whoami", "nobody:" + OPERATOR_PASSWORD).statusCode())
                .isEqualTo(401);
        assertThat(get("/admin/whoami", "clerk:" + OPERATOR_PASSWORD).statusCode())
                .isEqualTo(403);
        assertThat(get("/admin/whoami", ops()).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("P1-TASK-02 attack: Camunda's first-administrator setup is closed, even while no administrator exists")
    void firstAdministratorSetupIsClosed() throws Exception {
        // The setup page is meant for an engine without administrators: make it one for the length of this test.
        identity.deleteMembership("ops", Groups.CAMUNDA_ADMIN);
        try {
            // As a browser on the setup page does it: the page, its CSRF cookie, then the page's one REST call.
            CookieManager cookies = new CookieManager();
            HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
            HttpResponse<String> page = browser.send(
                    HttpRequest.newBuilder(uri("/camunda/app/admin/default/setup/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            browser.send(
                    HttpRequest.newBuilder(uri("/camunda/app/admin/default/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String csrf = cookies.getCookieStore().getCookies().stream()
                    .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue)
                    .reduce((first, second) -> second)
                    .orElse("");
            String intruder = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"I\",\"lastName\":\"N\","
                    + "\"email\":\"intruder@example.com\"},\"credentials\":{\"password\":\"Zq7!xLp9#mWr2\"}}";
            // The call as the page makes it, and spelt so that a check of the raw URL would miss it.
            for (String path : List.of(
                    "/camunda/api/admin/setup/default/user/create",
                    "/camunda/api/admin/%73etup/default/user/create",
                    "/camunda/api/admin/plugin/../setup/default/user/create")) {
                HttpResponse<String> created = browser.send(
                        HttpRequest.newBuilder(uri(path))
                                .header("Content-Type", "application/json")
                                .header("X-XSRF-TOKEN", csrf)
                                .POST(HttpRequest.BodyPublishers.ofString(intruder))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode())
                        .as(path + ": " + created.body())
                        .isIn(403, 404);
            }

            assertThat(identity.createUserQuery().userId("intruder").count())
                    .as("no administrator created through the setup call")
                    .isZero();
            assertThat(page.statusCode()).as("the setup page").isIn(403, 404);
        } finally {
            identity.createMembership("ops", Groups.CAMUNDA_ADMIN);
            if (identity.createUserQuery().userId("intruder").count() > 0) {
                identity.deleteUser("intruder");
            }
        }
    }

    @Test
    @DisplayName("P1-TASK-02 P1-T-RK08 attack: metrics name stores and secrets, so an anonymous scrape gets 401; the"
            + " configured scrape user gets them; health stays open")
    void metricsNeedTheScrapeUser() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics/credential_access_total", null).statusCode())
                .isEqualTo(401);
        assertThat(get("/actuator/prometheus", "it-scraper:wrong-password").statusCode())
                .isEqualTo(401);
        assertThat(get("/actuator/prometheus", ops()).statusCode())
                .as("an administrator is not the scrape user")
                .isEqualTo(401);
        assertThat(get("/actuator/%70rometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/health/../prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", null).headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic"));

        HttpResponse<String> scraped = get("/actuator/prometheus", SCRAPER);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("# TYPE jvm_memory_used_bytes");
        assertThat(get("/actuator/metrics", SCRAPER).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    /** The it profile's scrape login (application-it.yml). */
    private static final String SCRAPER = "it-scraper:it-test-only-scrape-password";

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
