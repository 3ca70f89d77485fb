/**
 * Provider tools: each sub-package wraps one provider behind kernel {@link io.autobiz.kernel.tool.Tool} contracts
 * and is the only place that provider's SDK or wire format appears. Tools are thin: input to request, response to
 * output, provider failures to kernel error codes. They never decide whether a call may happen; the kernel does.
 */
@ApplicationModule(
        displayName = "Provider tools",
        allowedDependencies = {"tenancy"})
package io.autobiz.tools;

import org.springframework.modulith.ApplicationModule;
