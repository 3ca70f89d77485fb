package io.autobiz.engine;

import io.autobiz.kernel.tenant.CommitHooks;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The kernel's commit hooks on Spring's transaction synchronization: the same transaction that the kernel's
 * transaction-aware data source joins (a workflow step's job, whose engine runs its commands in Spring transactions).
 *
 * <p>{@code beforeCommit} runs after the engine has flushed the step's rows: the engine flushes when its command ends,
 * inside the transaction template's callback, and Spring calls the synchronizations when the template commits after
 * it. A batch belongs to the transaction that is current when it is started: a transaction started inside it
 * ({@code REQUIRES_NEW}) has synchronizations of its own, and this looks only at the current ones.
 */
final class SpringCommitHooks implements CommitHooks {

    @Override
    public <T> Optional<T> batch(Object owner, Supplier<T> create, Consumer<T> beforeCommit) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return Optional.empty();
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Batch<?> batch && batch.owner == owner) {
                @SuppressWarnings("unchecked") // the owner started it with the same type
                T started = (T) batch.work;
                return Optional.of(started);
            }
        }
        T work = create.get();
        TransactionSynchronizationManager.registerSynchronization(new Batch<>(owner, work, beforeCommit));
        return Optional.of(work);
    }

    private static final class Batch<T> implements TransactionSynchronization {

        private final Object owner;
        private final T work;
        private final Consumer<T> beforeCommit;

        Batch(Object owner, T work, Consumer<T> beforeCommit) {
            this.owner = owner;
            this.work = work;
            this.beforeCommit = beforeCommit;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            beforeCommit.accept(work);
        }
    }
}
