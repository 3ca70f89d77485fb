/**
 * Step 11 (INV-06, P1-TASK-12): versioned state. Every change of an entity's state is an RFC 6902 patch stored as a new
 * version with the resulting state's hash, written with optimistic locking: a conflicting write is refused and counted
 * ({@code state_conflict_total}), never lost or merged silently. Also the replay of a run from its transcript.
 */
package io.autobiz.kernel.state;
