/**
 * Stores' BusinessConfigs in the running application: loading them at start-up (refusing to start on any violation),
 * the admin API that replaces them, the deployed workflows they are checked against, and the command-line check CI
 * runs. The rules themselves live in the kernel (io.autobiz.kernel.config).
 */
@ApplicationModule(
        displayName = "Business configuration",
        allowedDependencies = {"gate", "security", "tenancy"})
package io.autobiz.businessconfig;

import org.springframework.modulith.ApplicationModule;
