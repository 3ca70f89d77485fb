package io.autobiz.kernel.receipt;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Optional;

/** Where the pipeline writes receipts: {@link JdbcReceipts} (the database), or {@link InMemoryReceipts} in tests. */
@KernelApi
public interface Receipts {

    /** Seals, chains and stores a receipt in the caller's transaction. */
    Receipt append(NewReceipt draft);

    Optional<Receipt> find(TenantId tenant, String receiptId);
}
