package io.autobiz.app.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.reconciliation.LocalTruth;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Local truth read from receipts on PostgreSQL, as the application role under row-level security. */
class ReceiptLocalTruthIT {

    @Test
    @DisplayName("P1-T39 every Stripe capture receipt of the store is a payment to reconcile against"
            + " stripe.payment.get@1, with its captured amount; other stores' receipts and other tools are not")
    void captureReceiptsArePaymentsToCheck() throws Exception {
        TestDatabase database = TestPostgres.newDatabase().migrateAutoBizTables();
        TenantJdbc jdbc = new TenantJdbc(database.appDataSource());
        // Written in each store's own context: row-level security admits nothing else.
        jdbc.inTransaction(TenantId.of("acme"), connection -> {
            receipt(connection, "acme", "stripe.payment.capture@1", "pi_acme1", 2500L);
            receipt(connection, "acme", "printful.order.create@1", "777", null);
            return null;
        });
        jdbc.inTransaction(TenantId.of("globex"), connection -> {
            receipt(connection, "globex", "stripe.payment.capture@1", "pi_globex1", 900L);
            return null;
        });
        ReceiptLocalTruth local = new ReceiptLocalTruth(jdbc);

        assertThat(local.recordsToCheck(TenantId.of("acme"))).singleElement().satisfies(record -> {
            assertThat(record.kind()).isEqualTo(LocalTruth.Kind.PAYMENT);
            assertThat(record.entityId()).hasToString("acme:payment:pi_acme1");
            assertThat(record.providerRead()).hasToString("stripe.payment.get@1");
            assertThat(record.readInput().get("paymentIntentId").asText()).isEqualTo("pi_acme1");
            assertThat(record.expected()).containsEntry("/amountReceived", "2500");
        });
    }

    private static void receipt(Connection owner, String tenant, String tool, String objectId, Long amount)
            throws java.sql.SQLException {
        try (PreparedStatement insert = owner.prepareStatement("insert into receipts (receipt_id, tenant_id,"
                + " execution_id, correlation_id, tool, side_effect, internal_key, external_key, provider_object_id,"
                + " request, response, amount_minor, currency, hash) values (?, ?, 'exec', 'corr', ?, 'FINANCIAL', ?,"
                + " 'autobiz:x', ?, '{}', '{}', ?, 'USD', ?)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, tenant);
            insert.setString(3, tool);
            insert.setString(4, "a".repeat(64));
            insert.setString(5, objectId);
            if (amount == null) {
                insert.setNull(6, java.sql.Types.BIGINT);
            } else {
                insert.setLong(6, amount);
            }
            insert.setString(7, "b".repeat(64));
            insert.executeUpdate();
        }
    }
}
