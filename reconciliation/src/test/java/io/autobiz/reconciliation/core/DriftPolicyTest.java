package io.autobiz.reconciliation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.reconciliation.core.LocalTruth.Kind;
import io.autobiz.reconciliation.core.LocalTruth.LocalRecord;
import io.autobiz.testing.stage.Unit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The drift policy on its own: no database, no provider, no kernel. */
@Unit
class DriftPolicyTest {

    private static final TenantId TENANT = TenantId.of("acme");

    @Test
    @DisplayName("P1-T39 a field drifts when the provider's value differs, is missing where one is expected, or exists"
            + " where none is expected; agreeing fields are no drift")
    void namesEveryDisagreeingField() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/status", "fulfilled");
        expected.put("/tracking", "TRK-1");
        expected.put("/shipment", null);
        expected.put("/store", "acme");
        LocalRecord record = record(Kind.FULFILMENT, expected);
        JsonNode provider = Json.parse("{\"status\":\"cancelled\",\"shipment\":\"S1\",\"store\":\"acme\"}");

        assertThat(DriftPolicy.detect(TENANT, record, provider))
                .extracting(Drift::field, Drift::localValue, Drift::providerValue, Drift::financial)
                .containsExactly(
                        tuple("/status", "fulfilled", "cancelled", false),
                        tuple("/tracking", "TRK-1", null, false),
                        tuple("/shipment", null, "S1", false));
    }

    @Test
    @DisplayName("P1-T40 every field of a payment or refund is financial; of other entities, amounts, currencies,"
            + " captures, refunds and totals")
    void financialFields() {
        assertThat(DriftPolicy.isFinancial(Kind.PAYMENT, "/status")).isTrue();
        assertThat(DriftPolicy.isFinancial(Kind.REFUND, "/reason")).isTrue();
        assertThat(DriftPolicy.isFinancial(Kind.ORDER, "/total_price")).isTrue();
        assertThat(DriftPolicy.isFinancial(Kind.ORDER, "/currency")).isTrue();
        assertThat(DriftPolicy.isFinancial(Kind.ORDER, "/fulfillment_status")).isFalse();
        assertThat(DriftPolicy.isFinancial(Kind.FULFILMENT, "/tracking_number")).isFalse();
    }

    private static LocalRecord record(Kind kind, Map<String, String> expected) {
        return new LocalRecord(
                kind,
                EntityId.of(TENANT, kind.name().toLowerCase(Locale.ROOT), "1"),
                ToolRef.parse("printful.order.get@1"),
                Json.object(),
                expected);
    }
}
