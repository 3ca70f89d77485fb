package io.autobiz.kernel;

/**
 * The unit of work a tool call is made in, as far as the kernel must know it: a workflow engine runs a task's calls in
 * its job's transaction, and a job that fails is rolled back and runs again, repeating the calls it had completed.
 * The kernel hands {@link #afterRollback} what must be undone then: its memory of those calls for loop detection (what
 * they cost stays charged), and their idempotency claims, whose completion was rolled back with the receipts
 * ({@code IdempotencyGuard#rolledBack}). {@link #NONE}: calls are not made in a unit that can roll back.
 */
@KernelApi // a port the application implements (the engine's job transaction), like CommitHooks
@FunctionalInterface
public interface CallScope {

    CallScope NONE = undo -> {};

    /** Runs {@code undo} if the unit of work the current call is made in is rolled back; otherwise never. */
    void afterRollback(Runnable undo);
}
