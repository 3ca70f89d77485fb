/**
 * Approvals in the application: the beans behind {@code ${approvalRequest}} and {@code ${approvalTask}}, who counts as
 * an approver (the engine's authenticated user in the store's approvers group), and the backlog gauges. The decision
 * logic is the kernel's ({@code io.autobiz.kernel.hitl}); nothing here approves anything by itself.
 */
@ApplicationModule(
        displayName = "Approvals",
        allowedDependencies = {"tenancy"})
package io.autobiz.approvals;

import org.springframework.modulith.ApplicationModule;
