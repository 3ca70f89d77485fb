/**
 * The engine and the kernel, wired: Camunda's process engine configuration, the kernel built from its steps, and the
 * database start-up the engine waits for ({@code db}: Flyway first, then a login role that owns nothing). Classes here
 * construct and connect; they hold no business rules.
 */
@ApplicationModule(
        displayName = "Engine and kernel wiring",
        allowedDependencies = {"businessconfig"})
package io.autobiz.engine;

import org.springframework.modulith.ApplicationModule;
