/**
 * Wiring of the kernel's evidence (idempotency with its Redis hot path, receipts, versioned state, redaction, cost,
 * transcript replay and retention) from typed {@code autobiz.evidence.*} settings, and the operator endpoints that check
 * it: receipt chain verification and run replay under {@code /admin/**}, and one run's evidence for Cockpit's Evidence
 * tab ({@code /evidence/process-instances/{id}}, for the signed-in user's own stores). Nothing here decides whether a
 * call may run.
 */
@ApplicationModule(
        displayName = "Evidence",
        allowedDependencies = {"cluster", "security", "tenancy"})
package io.autobiz.evidence;

import org.springframework.modulith.ApplicationModule;
