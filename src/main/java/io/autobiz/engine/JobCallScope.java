package io.autobiz.engine;

import io.autobiz.kernel.CallScope;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The kernel's calls are made in the engine's command (a job, or the API call that started or moved a run): when that
 * command's transaction rolls back, the engine runs the job again and the calls it had completed are repeated, so the
 * kernel forgets them for loop detection then and frees their idempotency claims (see docs/architecture.md,
 * "Transactions"). Outside a command, a call made in a Spring transaction (an operator's request) is undone the same
 * way when that transaction rolls back; a call made in neither commits its records one by one and never rolls back.
 */
final class JobCallScope implements CallScope {

    private static final Logger log = LoggerFactory.getLogger(JobCallScope.class);

    @Override
    public void afterRollback(Runnable undo) {
        CommandContext command = Context.getCommandContext();
        if (command != null) {
            command.getTransactionContext()
                    .addTransactionListener(TransactionState.ROLLED_BACK, rolledBack -> quietly(undo));
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_ROLLED_BACK) {
                        quietly(undo);
                    }
                }
            });
        }
    }

    private static void quietly(Runnable undo) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            // The work is rolled back either way; what is left undone expires (a claim's lease) or counts once more
            // (a call toward a loop).
            log.warn("a rolled-back call could not be undone in full: {}", e.toString());
        }
    }
}
