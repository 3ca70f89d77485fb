package io.autobiz.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The postgres profile as an operator starts it: no demo logins, no default password, REST behind Basic auth. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresProfileSecurityIT {

    private static final TestDatabase DATABASE = TestPostgres.newDatabase();
    private static final String OPERATOR_PASSWORD = "Test-only-Passw0rd!";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("autobiz.admin.user", () -> "ops");
        registry.add("autobiz.admin.password", () -> OPERATOR_PASSWORD);
        // No default master key outside the quick start: a test-only one ("test-only-postgres-profile-key!!").
        registry.add("autobiz.master-keys.keys", () -> "it-postgres:dGVzdC1vbmx5LXBvc3RncmVzLXByb2ZpbGUta2V5ISE=");
    }

    @LocalServerPort
    int port;

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
        assertThat(get("/engine-rest/task", null)).isEqualTo(401);
        assertThat(get("/engine-rest/task", "admin:admin")).as("no demo login").isEqualTo(401);
        assertThat(get("/engine-rest/task", "ops:" + OPERATOR_PASSWORD)).isEqualTo(200);
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
        assertThat(get("/admin/whoami", null)).isEqualTo(401);
        // A wrong password locks that login for seconds (engine throttling): probe with a user that does not exist.
        assertThat(get("/admin/whoami", "nobody:" + OPERATOR_PASSWORD)).isEqualTo(401);
        assertThat(get("/admin/whoami", "clerk:" + OPERATOR_PASSWORD)).isEqualTo(403);
        assertThat(get("/admin/whoami", "ops:" + OPERATOR_PASSWORD)).isEqualTo(200);
    }

    private int get(String path, String basicAuth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (basicAuth != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
