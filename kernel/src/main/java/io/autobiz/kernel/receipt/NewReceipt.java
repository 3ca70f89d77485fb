package io.autobiz.kernel.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.SideEffect;
import java.util.Objects;

/**
 * A receipt to write: the call's facts before the store seals and chains them.
 *
 * @param request the call's input (already scanned: no secrets)
 * @param response the call's output
 * @param financial the money moved, for FINANCIAL calls; null otherwise
 */
@KernelApi
public record NewReceipt(
        TenantId tenant,
        String executionId,
        String correlationId,
        String tool,
        SideEffect sideEffect,
        String internalKey,
        String externalKey,
        String providerObjectId,
        JsonNode request,
        JsonNode response,
        FinancialReceipt financial) {

    public NewReceipt {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(sideEffect, "sideEffect");
        if (sideEffect == SideEffect.READ) {
            throw new IllegalArgumentException("READ calls leave no receipt");
        }
        if (sideEffect == SideEffect.FINANCIAL && financial == null) {
            throw new IllegalArgumentException("a FINANCIAL receipt needs its amount and currency");
        }
    }
}
