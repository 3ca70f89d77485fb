/**
 * The run's transcript (INV-04): one row per tool call, refusal and step, keyed by tenant, run and correlation ID.
 * Rows hold only what is safe to keep: identifiers, outcomes, error codes and durations; never a secret and never
 * unmasked personal data.
 */
package io.autobiz.kernel.trace;
