package io.autobiz.reconciliation.core;

import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;

/**
 * One field on which local truth and provider truth disagree.
 *
 * @param field the JSON pointer of the field in the provider's answer
 * @param financial true for amounts, currencies, captures and refunds: repaired only after approval
 */
public record Drift(
        String reconciliationId,
        TenantId tenant,
        LocalTruth.Kind kind,
        EntityId entityId,
        String field,
        String localValue,
        String providerValue,
        boolean financial) {}
