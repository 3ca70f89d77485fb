package io.autobiz.kernel.receipt;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Optional;

/** Where the pipeline writes receipts: {@link JdbcReceipts} (the database), or {@link InMemoryReceipts} in tests. */
@KernelApi
public interface Receipts {

    /**
     * Seals, chains and stores a receipt in the caller's transaction. The receipt exists exactly when that transaction
     * commits. A store may link it into the chain only at the commit, to keep the chain's lock short; then the receipt
     * returned is not {@linkplain Receipt#chained() chained} yet, though its ID and content are final.
     */
    Receipt append(NewReceipt draft);

    Optional<Receipt> find(TenantId tenant, String receiptId);
}
