package io.autobiz.app.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.NewReceipt;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.receipt.ReceiptStore;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.testsupport.PostgresWebIT;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The receipt chain check an operator runs (docs/operations.md, "Receipt chain verification"). */
class EvidenceAdminIT extends PostgresWebIT {

    private static final TenantId ACME = TenantId.of("acme");

    @Autowired
    ReceiptStore receipts;

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

        try (Connection owner = DATABASE.ownerDataSource().getConnection();
                Statement sql = owner.createStatement()) {
            owner.setAutoCommit(false);
            sql.execute("select set_config('app.tenant_id', 'acme', true)");
            sql.execute("alter table receipts disable trigger receipts_append_only");
            sql.execute("update receipts set response = 'forged' where receipt_id = '"
                    + written.get(1).receiptId() + "'");
            sql.execute("alter table receipts enable trigger receipts_append_only");
            owner.commit();
        }

        HttpResponse<String> broken = get("/admin/tenants/acme/receipts/verify", ops());
        assertThat(broken.statusCode()).isEqualTo(409);
        assertThat(Json.parse(broken.body()).path("intact").asBoolean()).isFalse();
        assertThat(Json.parse(broken.body())
                        .path("brokenLink")
                        .path("receiptId")
                        .asText())
                .isEqualTo(written.get(1).receiptId());
        assertThat(Json.parse(broken.body()).path("brokenLink").path("chainSeq").asLong())
                .isEqualTo(written.get(1).chainSeq());
    }
}
