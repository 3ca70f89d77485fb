/**
 * Wiring of reconciliation: the local truth read from AutoBiz's receipts and WF01's run state, the schedule that runs
 * reconciliation for every store, the delegates of WF07 ({@code daily-closeout}) and the read-only admin view of drift.
 * It never repairs money by itself: a financial repair runs in WF07 after its approval task.
 */
@ApplicationModule(
        displayName = "Reconciliation",
        allowedDependencies = {"approvals", "cluster", "tenancy", "workflows"})
package io.autobiz.reconciliation;

import org.springframework.modulith.ApplicationModule;
