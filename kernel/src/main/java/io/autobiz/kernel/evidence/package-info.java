/**
 * The evidence a tool call leaves (steps 6 and 10–12 of docs/architecture.md, "The kernel pipeline"), composed for
 * {@code KernelExecutor}: the idempotency claim before the call, and after it the receipt, the state version, the cost
 * and the redacted transcript line. It only composes the stores of {@code idempotency}, {@code receipt}, {@code
 * state}, {@code cost} and {@code redaction}; it must never execute a tool or decide whether one may run.
 */
package io.autobiz.kernel.evidence;
