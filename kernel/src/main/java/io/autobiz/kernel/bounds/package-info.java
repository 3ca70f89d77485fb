/**
 * Bounds (INV-03): every run is limited in steps, wall time, tokens, tool calls and money at risk, and stopped when
 * it repeats itself. What a run has consumed lives in the run ledger, so the limits hold across job boundaries and
 * node restarts. A breach terminates the run: the ledger records the bound, and every later call of that run is
 * refused with the same reason.
 */
package io.autobiz.kernel.bounds;
