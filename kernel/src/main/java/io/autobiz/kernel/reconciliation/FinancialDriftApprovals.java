package io.autobiz.kernel.reconciliation;

/**
 * Opens an approval task for a financial drift (implemented by the approval workflow); the decision comes back through
 * {@link ReconciliationDetector#approve} or {@link ReconciliationDetector#deny}.
 */
public interface FinancialDriftApprovals {

    /** Opens the approval and returns its reference (a task or request ID). */
    String requestApproval(Drift drift);

    /** Records the request only; an operator decides through the admin API. */
    static FinancialDriftApprovals recordOnly() {
        return drift -> "reconciliation:" + drift.reconciliationId();
    }
}
