package io.autobiz.reconciliation.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What counts as drift, and which drift is financial. Pure: it compares what AutoBiz believes with what a provider
 * answered and touches neither the database nor a provider.
 */
final class DriftPolicy {

    private static final Set<String> FINANCIAL_WORDS = Set.of("amount", "currency", "capture", "refund", "total");

    private DriftPolicy() {}

    /**
     * Every field of {@code record} on which the provider's answer disagrees with what AutoBiz expects, in the order
     * the record names them; each drift gets a new ID.
     */
    static List<Drift> detect(TenantId tenant, LocalTruth.LocalRecord record, JsonNode providerAnswer) {
        List<Drift> drifts = new ArrayList<>();
        for (Map.Entry<String, String> expected : record.expected().entrySet()) {
            JsonNode actual = providerAnswer.at(expected.getKey());
            String providerValue = actual.isMissingNode() || actual.isNull() ? null : actual.asText();
            if (Objects.equals(providerValue, expected.getValue())) {
                continue;
            }
            drifts.add(new Drift(
                    UUID.randomUUID().toString(),
                    tenant,
                    record.kind(),
                    record.entityId(),
                    expected.getKey(),
                    expected.getValue(),
                    providerValue,
                    isFinancial(record.kind(), expected.getKey())));
        }
        return drifts;
    }

    /** Payments and refunds are financial in every field; other entities in their amounts, currencies and totals. */
    static boolean isFinancial(LocalTruth.Kind kind, String field) {
        if (kind == LocalTruth.Kind.PAYMENT || kind == LocalTruth.Kind.REFUND) {
            return true;
        }
        String lower = field.toLowerCase(Locale.ROOT);
        return FINANCIAL_WORDS.stream().anyMatch(lower::contains);
    }
}
