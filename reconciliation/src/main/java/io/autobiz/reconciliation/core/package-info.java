/**
 * Reconciliation (P1-TASK-25): compares what AutoBiz believes ({@link io.autobiz.reconciliation.core.LocalTruth})
 * with what the providers say, read through kernel tool calls, and records every drift in {@code reconciliation}.
 * Non-financial drift is repaired at once and audited; financial drift waits for an approval. Nothing here calls a
 * provider except through the kernel, and nothing repairs money without an approver's decision.
 *
 * <p>Its face is {@link io.autobiz.reconciliation.core.Reconciliation} with the types its methods take and return
 * ({@code ReconciliationRow}, {@code Drift}, {@code LocalTruth}, {@code ReconciliationException}); the repository
 * ({@code JdbcReconciliationRows}), the pure drift policy ({@code DriftPolicy}), the repair of drift as it is found
 * ({@code DriftRepairs}) and the recording of approvals ({@code FinancialApprovals}) are package-private.
 */
package io.autobiz.reconciliation.core;
