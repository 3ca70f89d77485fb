/**
 * Step 6 of the pipeline (INV-05): the deterministic idempotency key of a WRITE or FINANCIAL call, the durable record
 * that makes it happen at most once per window, and the Redis hot path in front of it. Nothing here ever lets a call
 * execute because a store was unreachable: with Redis down it asks the database; with the database down it refuses.
 */
package io.autobiz.kernel.idempotency;
