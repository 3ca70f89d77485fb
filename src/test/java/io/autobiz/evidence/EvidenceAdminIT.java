package io.autobiz.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.credential.CredentialAccess;
import io.autobiz.kernel.credential.CredentialAccess.Action;
import io.autobiz.kernel.credential.CredentialAudit;
import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.NewReceipt;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.state.States;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.SecurityIncident.Channel;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.PostgresWebIT;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The receipt chain check an operator runs (docs/operations.md, "Receipt chain verification"). */
@IntegrationInternal
class EvidenceAdminIT extends PostgresWebIT {

    private static final TenantId ACME = TenantId.of("acme");

    @Autowired
    JdbcReceipts receipts;

    private Receipt aReceipt(int n) {
        String internal = Integer.toHexString(n).repeat(64).substring(0, 64);
        return receipts.append(new NewReceipt(
                ACME,
                "run-admin",
                "corr-admin",
                "stripe.payment.capture@1",
                SideEffect.WRITE,
                internal,
                IdempotencyKey.externalFor(internal),
                "pi_admin" + n,
                Json.parse("{\"paymentIntentId\":\"pi_admin" + n + "\"}"),
                Json.parse("{\"status\":\"succeeded\"}"),
                null));
    }

    @Test
    @DisplayName(
            "P1-T13 P1-TASK-14 the admin-only endpoint verifies a store's receipt chain and names the first broken link")
    void verifyNamesTheFirstBrokenLink() throws Exception {
        List<Receipt> written = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            written.add(aReceipt(i));
        }

        HttpResponse<String> intact = get("/admin/tenants/acme/receipts/verify", ops());
        assertThat(intact.statusCode()).isEqualTo(200);
        assertThat(Json.parse(intact.body()).path("intact").asBoolean()).isTrue();
        assertThat(Json.parse(intact.body()).path("receipts").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(get("/admin/tenants/nobody/receipts/verify", ops()).statusCode())
                .isEqualTo(404);
        assertThat(get("/admin/tenants/acme/receipts/verify", null).statusCode())
                .as("administrators only")
                .isEqualTo(401);

        String receiptId = written.get(1).receiptId();
        String original = setReceiptResponse(receiptId, "forged");
        try {
            HttpResponse<String> broken = get("/admin/tenants/acme/receipts/verify", ops());
            assertThat(broken.statusCode()).isEqualTo(409);
            assertThat(Json.parse(broken.body()).path("intact").asBoolean()).isFalse();
            assertThat(Json.parse(broken.body())
                            .path("brokenLink")
                            .path("receiptId")
                            .asText())
                    .isEqualTo(written.get(1).receiptId());
            assertThat(Json.parse(broken.body())
                            .path("brokenLink")
                            .path("chainSeq")
                            .asLong())
                    .isEqualTo(written.get(1).chainSeq());
        } finally {
            // The application's tests share one database: a store whose chain stays broken fails every later test
            // that verifies it (the golden suite's cases run on the same store).
            setReceiptResponse(receiptId, original);
        }
        assertThat(Json.parse(get("/admin/tenants/acme/receipts/verify", ops()).body())
                        .path("intact")
                        .asBoolean())
                .as("the chain is whole again")
                .isTrue();
    }

    /**
     * Overwrites a stored receipt's response as the table owner with the append-only trigger off, as only an attacker
     * with the owner's rights could, and answers the response it replaced.
     */
    private static String setReceiptResponse(String receiptId, String response) throws Exception {
        try (Connection owner = DATABASE.ownerDataSource().getConnection();
                Statement sql = owner.createStatement()) {
            owner.setAutoCommit(false);
            sql.execute("select set_config('app.tenant_id', 'acme', true)");
            String replaced;
            try (PreparedStatement select =
                    owner.prepareStatement("select response from receipts where receipt_id = ?")) {
                select.setString(1, receiptId);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).as("receipt %s stored", receiptId).isTrue();
                    replaced = row.getString(1);
                }
            }
            sql.execute("alter table receipts disable trigger receipts_append_only");
            try (PreparedStatement update =
                    owner.prepareStatement("update receipts set response = ? where receipt_id = ?")) {
                update.setString(1, response);
                update.setString(2, receiptId);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            sql.execute("alter table receipts enable trigger receipts_append_only");
            owner.commit();
            return replaced;
        }
    }

    @Autowired
    CredentialAudit audit;

    @Autowired
    SecurityIncidents incidents;

    @Autowired
    States states;

    @Test
    @DisplayName("P1-T32 P1-T13 rows removed or rewritten by the database owner are named by the evidence verification:"
            + " a credential audit row, a security incident, a state version")
    void ownerTamperingWithEvidenceIsNamed() throws Exception {
        TenantId acme = ACME;
        JsonNode before = Json.parse(
                        get("/admin/tenants/acme/evidence/verify", ops()).body())
                .path("evidence");
        long audits = before.path("credentialAudit").path("checked").asLong();
        long incidentCount = before.path("securityIncidents").path("checked").asLong();
        long versions = before.path("stateVersions").path("checked").asLong();
        for (int i = 1; i <= 3; i++) {
            audit.record(new CredentialAccess(acme, "stripe.secret-" + i, "workflow:wf01", Action.READ));
            incidents.record(SecurityIncident.of(acme, "user:mallory", Channel.ADMIN_API, "attempt " + i));
        }
        RunContext run = new RunContext(acme, "run-tamper", "corr-tamper", "workflow:wf01", "wf01");
        String entity = "acme:run:run-tamper";
        for (int i = 1; i <= 3; i++) {
            states.replace(run, entity, Json.object().put("step", i));
        }

        JsonNode intact = Json.parse(
                        get("/admin/tenants/acme/evidence/verify", ops()).body())
                .path("evidence");
        for (String kind : List.of("credentialAudit", "securityIncidents", "stateVersions")) {
            assertThat(intact.path(kind).path("intact").asBoolean()).as(kind).isTrue();
        }
        assertThat(intact.path("credentialAudit").path("checked").asLong()).isEqualTo(audits + 3);
        assertThat(intact.path("securityIncidents").path("checked").asLong()).isEqualTo(incidentCount + 3);
        assertThat(intact.path("stateVersions").path("checked").asLong()).isEqualTo(versions + 3);

        // One owner session: keeps copies of what it tampers with, and puts them back at the end, so the store's
        // evidence is whole again for the other tests of this class.
        try (Connection owner = DATABASE.ownerDataSource().getConnection();
                Statement sql = owner.createStatement()) {
            owner.setAutoCommit(false);
            String audit2 = "tenant_id = 'acme' and chain_seq = " + (audits + 2);
            String incident3 = "tenant_id = 'acme' and chain_seq = " + (incidentCount + 3);
            String version2 = "tenant_id = 'acme' and entity_id = '" + entity + "' and version = 2";
            sql.execute("select set_config('app.tenant_id', 'acme', true)");
            sql.execute("create temp table saved_audit as select * from credential_audit where " + audit2);
            sql.execute("create temp table saved_incident as select * from security_incidents where " + incident3);
            sql.execute("create temp table saved_version as select * from state_versions where " + version2);
            sql.execute("delete from credential_audit where " + audit2);
            sql.execute("update security_incidents set attempted = 'nothing happened' where " + incident3);
            sql.execute("delete from state_versions where " + version2);
            owner.commit();

            HttpResponse<String> broken = get("/admin/tenants/acme/receipts/verify", ops());
            assertThat(broken.statusCode()).as(broken.body()).isEqualTo(409);
            JsonNode evidence = Json.parse(broken.body()).path("evidence");
            assertThat(evidence.path("credentialAudit")
                            .path("firstBreak")
                            .path("position")
                            .asLong())
                    .isEqualTo(audits + 3);
            assertThat(evidence.path("credentialAudit")
                            .path("firstBreak")
                            .path("reason")
                            .asText())
                    .contains("expected number " + (audits + 2) + " but found " + (audits + 3) + ": a row is missing");
            assertThat(evidence.path("securityIncidents")
                            .path("firstBreak")
                            .path("position")
                            .asLong())
                    .isEqualTo(incidentCount + 3);
            assertThat(evidence.path("securityIncidents")
                            .path("firstBreak")
                            .path("reason")
                            .asText())
                    .contains("a stored field was changed");
            assertThat(evidence.path("stateVersions")
                            .path("firstBreak")
                            .path("id")
                            .asText())
                    .isEqualTo(entity);
            assertThat(evidence.path("stateVersions")
                            .path("firstBreak")
                            .path("position")
                            .asLong())
                    .isEqualTo(3);
            assertThat(evidence.path("stateVersions")
                            .path("firstBreak")
                            .path("reason")
                            .asText())
                    .contains("expected version 2 but found 3");

            sql.execute("select set_config('app.tenant_id', 'acme', true)");
            sql.execute("insert into credential_audit select * from saved_audit");
            sql.execute("update security_incidents s set attempted = v.attempted from saved_incident v"
                    + " where s.incident_id = v.incident_id");
            sql.execute("insert into state_versions select * from saved_version");
            owner.commit();
        }
        for (String kind : List.of("credentialAudit", "securityIncidents", "stateVersions")) {
            assertThat(Json.parse(get("/admin/tenants/acme/evidence/verify", ops())
                                    .body())
                            .path("evidence")
                            .path(kind)
                            .path("intact")
                            .asBoolean())
                    .as("%s whole again", kind)
                    .isTrue();
        }
    }
}
