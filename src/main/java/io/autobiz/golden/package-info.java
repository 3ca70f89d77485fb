/**
 * The golden suite as product code (docs/golden-suite.md): the cases ({@code golden/cases/*.yaml}), the runner that
 * plays them against the application, and the golden run an administrator starts for a candidate config or set of
 * BPMN diagrams. A run never plays in the serving JVM — the runner moves the engine's JVM-wide clock and runs due jobs
 * itself — but in a child JVM of the same application ({@link io.autobiz.golden.GoldenRunCommand}) with a scratch
 * database and the in-process sandboxes as providers; the serving node stores the evidence the child writes through
 * the deploy gate's {@link io.autobiz.gate.GateEvidenceStore}, where the gate reads it as it reads uploaded evidence.
 */
@ApplicationModule(
        displayName = "Golden runs",
        allowedDependencies = {
            "gate",
            "sandbox :: printful",
            "sandbox :: shopify",
            "sandbox :: stripe",
            "security",
            "tenancy",
            "webhooks",
            "workflows"
        })
package io.autobiz.golden;

import org.springframework.modulith.ApplicationModule;
