package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The end of the caller's transaction, for kernel rows that are best written as late as possible in it. A receipt is
 * the case: appending one locks its store's chain head until the transaction ends, so linking it at the end, just before
 * the commit, keeps that lock for the insert and the commit instead of the rest of the workflow step ({@code
 * JdbcReceipts}).
 *
 * <p>The kernel knows no transaction manager; the application supplies one that knows its own (in the application,
 * Spring's transaction synchronization), and {@link TenantJdbc} hands it on. It must mean the same transaction that
 * {@link TenantJdbc#inTransaction} joins.
 */
@KernelApi
public interface CommitHooks {

    /** No transaction to wait for: every batch is empty, so the caller does its work at once. */
    CommitHooks NONE = new CommitHooks() {
        @Override
        public <T> Optional<T> batch(Object owner, Supplier<T> create, Consumer<T> beforeCommit) {
            return Optional.empty();
        }
    };

    /**
     * The batch that {@code owner} collects in the caller's transaction: the one it started earlier in this transaction,
     * or a new one from {@code create}. A new batch is handed to {@code beforeCommit} once, on the caller's thread and
     * still in the transaction (so {@link TenantJdbc#inTransaction} joins it), after the transaction's other work and
     * just before it commits; never if it rolls back. A failure there rolls the transaction back.
     *
     * @param owner tells batches apart: one batch per owner and transaction (compared by identity)
     * @return empty when the caller has no transaction: then the caller does its work at once
     */
    <T> Optional<T> batch(Object owner, Supplier<T> create, Consumer<T> beforeCommit);
}
