package io.autobiz.kernel.receipt;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tool.SideEffect;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored receipt. {@code request} and {@code response} are sealed with the master key ({@code SecretBox}); the hash
 * covers the stored form, so a chain can be verified without the key.
 *
 * @param chainSeq its place in the tenant's chain, from 1
 * @param prevHash the hash of receipt {@code chainSeq - 1}, null for the first
 * @param hash SHA-256 over the canonical JSON of every other field
 */
@KernelApi
public record Receipt(
        String receiptId,
        String tenantId,
        long chainSeq,
        String executionId,
        String correlationId,
        String tool,
        SideEffect sideEffect,
        String internalKey,
        String externalKey,
        String providerObjectId,
        String request,
        String response,
        Long amountMinor,
        String currency,
        Instant createdAt,
        String prevHash,
        String hash) {

    /** The money part, present for FINANCIAL receipts. */
    public Optional<FinancialReceipt> financial() {
        return amountMinor == null ? Optional.empty() : Optional.of(new FinancialReceipt(amountMinor, currency));
    }
}
