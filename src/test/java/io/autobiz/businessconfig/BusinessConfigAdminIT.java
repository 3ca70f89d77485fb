package io.autobiz.businessconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.gate.DeployedArtifacts;
import io.autobiz.gate.GateEvidenceFiles;
import io.autobiz.gate.TestEvidence;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.PostgresWebIT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Replacing a store's BusinessConfig through the admin API: administrators only, every violation or nothing. */
@IntegrationInternal
class BusinessConfigAdminIT extends PostgresWebIT {

    private static final String PATH = "/admin/tenants/acme/config";

    @Autowired
    IdentityService identity;

    @Autowired
    DeployedArtifacts deployed;

    private HttpResponse<String> put(String path, String yaml, String auth) throws Exception {
        return send("PUT", path, auth, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private String currentYaml() throws Exception {
        HttpResponse<String> current = get(PATH, ops());
        assertThat(current.statusCode()).isEqualTo(200);
        return current.body();
    }

    @Test
    @DisplayName(
            "P1-T28 an administrator replaces a store's config (with passing gate evidence for it, INV-08); the new"
                    + " version is active and named in GET")
    void replaceValidConfig() throws Exception {
        HttpResponse<String> before = get(PATH, ops());
        long version =
                Long.parseLong(before.headers().firstValue("X-Config-Version").orElseThrow());
        String replacement = before.body().replace("maxToolCalls: 30", "maxToolCalls: 31");
        HttpResponse<String> evidence = send(
                "POST",
                "/admin/gate/evidence",
                ops(),
                "application/json",
                GateEvidenceFiles.json(TestEvidence.of("acme", replacement, deployed.diagrams(), 90))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(evidence.statusCode()).as(evidence.body()).isEqualTo(201);

        HttpResponse<String> replaced = put(PATH, replacement, ops());

        assertThat(replaced.statusCode()).isEqualTo(200);
        JsonNode answer = Json.parse(replaced.body());
        assertThat(answer.get("version").asLong()).isEqualTo(version + 1);
        HttpResponse<String> after = get(PATH, ops());
        assertThat(after.body()).contains("maxToolCalls: 31");
        assertThat(after.headers().firstValue("X-Config-Sha256"))
                .contains(answer.get("sha256").asText());
    }

    @Test
    @DisplayName("P1-T29 P1-T30 an invalid config is refused with 422 listing every error code, and nothing changes")
    void refuseInvalidConfig() throws Exception {
        String current = currentYaml();
        String broken = current.replace("  maxSteps: 40\n", "")
                .replace("  - sendgrid.mail.send\n", "  - sendgrid.mail.send\n  - stripe.refund.everything\n")
                .replace("mail:send, chat:write]", "chat:write]");

        HttpResponse<String> refused = put(PATH, broken, ops());

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode answer = Json.parse(refused.body());
        assertThat(answer.get("error").asText()).isEqualTo("CONFIG_INVALID");
        assertThat(answer.get("violations").findValuesAsText("code")).contains("CC-01", "CC-02", "CC-03");
        assertThat(currentYaml()).isEqualTo(current);
    }

    @Test
    @DisplayName("P1-T28 a check without storing answers valid or the violations")
    void dryRunCheck() throws Exception {
        HttpResponse<String> checked = send(
                "POST",
                PATH + "/check",
                ops(),
                "application/yaml",
                "tenant: acme\nunknownKey: 1\n".getBytes(StandardCharsets.UTF_8));

        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(Json.parse(checked.body()).get("valid").asBoolean()).isFalse();
        assertThat(checked.body()).contains("CONFIG_SYNTAX", "unknownKey");
    }

    @Test
    @DisplayName("P1-T28 the config API refuses strangers, non-administrators, unknown stores and oversized bodies")
    void refusals() throws Exception {
        if (identity.createUserQuery().userId("clerk2").count() == 0) {
            var clerk = identity.newUser("clerk2");
            clerk.setPassword(OPERATOR_PASSWORD);
            identity.saveUser(clerk);
        }
        String yaml = currentYaml();

        assertThat(put(PATH, yaml, null).statusCode()).isEqualTo(401);
        assertThat(put(PATH, yaml, "clerk2:" + OPERATOR_PASSWORD).statusCode()).isEqualTo(403);
        assertThat(put("/admin/tenants/nope/config", yaml, ops()).statusCode()).isEqualTo(404);
        assertThat(put(PATH, "#".repeat(300 * 1024), ops()).statusCode()).isEqualTo(413);
        assertThat(put(PATH, yaml.replace("tenant: acme", "tenant: tight"), ops())
                        .statusCode())
                .as("another store's config")
                .isEqualTo(422);
    }
}
