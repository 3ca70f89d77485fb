package io.autobiz.engine;

import io.autobiz.kernel.CallScope;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's calls are made in the engine's command (a job, or the API call that started or moved a run): when that
 * command's transaction rolls back, the engine runs the job again and the calls it had completed are repeated, so the
 * kernel forgets them for loop detection then (see docs/architecture.md, "Circuit breakers" and "Bounds").
 */
final class JobCallScope implements CallScope {

    private static final Logger log = LoggerFactory.getLogger(JobCallScope.class);

    @Override
    public void afterRollback(Runnable undo) {
        CommandContext command = Context.getCommandContext();
        if (command == null) {
            return;
        }
        command.getTransactionContext().addTransactionListener(TransactionState.ROLLED_BACK, rolledBack -> {
            try {
                undo.run();
            } catch (RuntimeException e) {
                // The job fails either way; a call left remembered only counts once more toward a loop.
                log.warn("a rolled-back call could not be forgotten for loop detection: {}", e.toString());
            }
        });
    }
}
