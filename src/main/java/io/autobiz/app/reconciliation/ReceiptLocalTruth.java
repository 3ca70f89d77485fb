package io.autobiz.app.reconciliation;

import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.reconciliation.Drift;
import io.autobiz.kernel.reconciliation.LocalTruth;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.ToolRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local truth as the receipts tell it: every Stripe capture AutoBiz made is a payment whose captured amount Stripe must
 * confirm ({@code stripe.payment.get@1}). Receipts are immutable, so a repair cannot rewrite one: it is recorded in
 * the reconciliation row and the log, and the versioned state store takes the corrected value once it exists.
 */
final class ReceiptLocalTruth implements LocalTruth {

    private static final Logger log = LoggerFactory.getLogger(ReceiptLocalTruth.class);
    private static final ToolRef STRIPE_PAYMENT_GET = ToolRef.parse("stripe.payment.get@1");

    private final TenantJdbc jdbc;

    ReceiptLocalTruth(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<LocalRecord> recordsToCheck(TenantId tenant) {
        return jdbc.inTransaction(tenant, connection -> {
            List<LocalRecord> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select provider_object_id, amount_minor"
                    + " from receipts where tenant_id = ? and tool like 'stripe.payment.capture@%' and"
                    + " provider_object_id is not null and amount_minor is not null order by created_at")) {
                select.setString(1, tenant.value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String paymentIntent = rows.getString(1);
                        records.add(new LocalRecord(
                                Kind.PAYMENT,
                                EntityId.of(tenant, "payment", paymentIntent),
                                STRIPE_PAYMENT_GET,
                                Json.object().put("paymentIntentId", paymentIntent),
                                Map.of("/amountReceived", String.valueOf(rows.getLong(2)))));
                    }
                }
            }
            return records;
        });
    }

    @Override
    public void repair(Drift drift) {
        log.warn(
                "reconciliation repair of {} {}: {} is now {} (was {})",
                drift.kind(),
                drift.entityId(),
                drift.field(),
                drift.providerValue(),
                drift.localValue());
    }
}
