package io.autobiz.kernel.receipt;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tool.SideEffect;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored receipt. {@code request} and {@code response} are sealed with the master key ({@code SecretBox}); the hash
 * covers the stored form, so a chain can be verified without the key.
 *
 * <p>A receipt that {@link Receipts#append} returns in a workflow step's transaction is not chained yet: the store
 * links it when the transaction commits. Until then its number is {@link #NOT_CHAINED} and both hashes are null; every
 * other field is final. Read it back ({@link Receipts#find}) after the commit for its place in the chain.
 *
 * @param chainSeq its place in the tenant's chain, from 1; {@link #NOT_CHAINED} while its transaction is open
 * @param prevHash the hash of receipt {@code chainSeq - 1}, null for the first (and while not chained)
 * @param hash SHA-256 over the canonical JSON of every other field (null while not chained)
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

    /** The number of a receipt that its transaction has not linked into the chain yet. */
    public static final long NOT_CHAINED = 0;

    /** Whether the receipt has its place in the chain (a stored receipt always has). */
    public boolean chained() {
        return chainSeq != NOT_CHAINED;
    }

    /** This receipt at {@code chainSeq} after {@code prevHash} with {@code hash}: how a store links it into its chain. */
    Receipt inChain(long chainSeq, String prevHash, String hash) {
        return new Receipt(
                receiptId,
                tenantId,
                chainSeq,
                executionId,
                correlationId,
                tool,
                sideEffect,
                internalKey,
                externalKey,
                providerObjectId,
                request,
                response,
                amountMinor,
                currency,
                createdAt,
                prevHash,
                hash);
    }

    /** The money part, present for FINANCIAL receipts. */
    public Optional<FinancialReceipt> financial() {
        return amountMinor == null ? Optional.empty() : Optional.of(new FinancialReceipt(amountMinor, currency));
    }
}
