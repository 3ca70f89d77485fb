/**
 * The event ordering gate (P1-TASK-25): decides whether a verified event may go to its workflow now, must wait for an
 * earlier event of the same entity, or has waited long enough to be released with a flag or sent to reconciliation.
 * It decides only; it never stores, correlates or repairs anything itself.
 */
package io.autobiz.kernel.gate;
