/**
 * Reconciliation (P1-TASK-25): compares what AutoBiz believes ({@link io.autobiz.kernel.reconciliation.LocalTruth})
 * with what the providers say, read through kernel tool calls, and records every drift in {@code reconciliation}.
 * Non-financial drift is repaired at once and audited; financial drift waits for an approval. Nothing here calls a
 * provider except through the kernel, and nothing repairs money without an approver's decision.
 */
package io.autobiz.kernel.reconciliation;
