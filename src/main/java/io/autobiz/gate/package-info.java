/**
 * The deploy gate of INV-08 (P1-TASK-18): from the golden suite's results and the test reports it computes, per gate,
 * the raw pass rate and the Wilson score lower bound (95 %), decides whether a deploy is blocked, writes the gate
 * evidence, and shows the latest evidence as metrics. It runs no test and deploys nothing itself.
 */
@ApplicationModule(
        displayName = "Deploy gate",
        allowedDependencies = {})
package io.autobiz.gate;

import org.springframework.modulith.ApplicationModule;
