package io.autobiz.kernel.receipt;

import io.autobiz.kernel.KernelApi;
import java.util.Optional;

/**
 * The result of checking a tenant's receipt chain.
 *
 * @param receipts how many receipts were checked
 * @param brokenLink the first receipt whose hash, link or number does not hold, if any
 */
@KernelApi
public record ChainVerification(String tenantId, long receipts, Optional<BrokenLink> brokenLink) {

    /** The first place the chain does not hold: the receipt, its number, and what is wrong with it. */
    public record BrokenLink(long chainSeq, String receiptId, String reason) {}

    public boolean intact() {
        return brokenLink.isEmpty();
    }
}
