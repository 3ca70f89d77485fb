/**
 * The deploy gate of INV-08 (P1-TASK-18): from the golden suite's results and the test reports it computes, per gate,
 * the raw pass rate and the Wilson score lower bound (95 %), decides whether a deploy is blocked, writes the gate
 * evidence, and shows the latest evidence as metrics. In the running application it keeps the evidence administrators
 * upload (verified against its own hash and judged again) and answers, for a candidate BusinessConfig or set of BPMN
 * diagrams, whether evidence for exactly that candidate passes ({@link io.autobiz.gate.DeployGate}); overrides are
 * recorded there. It runs no test and deploys nothing itself: the admin APIs that deploy ask it first.
 */
@ApplicationModule(
        displayName = "Deploy gate",
        allowedDependencies = {"security", "tenancy"})
package io.autobiz.gate;

import org.springframework.modulith.ApplicationModule;
