/**
 * Step 10 (INV-05, P1-TASK-14): one immutable receipt per WRITE or FINANCIAL call, linking execution, internal and
 * external idempotency keys and the provider's object, with request and response encrypted at rest; hash-chained per
 * tenant so that any later change to a stored receipt is found and named. Nothing here updates or deletes a receipt.
 */
package io.autobiz.kernel.receipt;
