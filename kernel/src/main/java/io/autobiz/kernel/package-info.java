/**
 * The safety kernel's face. {@link io.autobiz.kernel.KernelExecutor} runs one tool call through the pipeline of
 * docs/architecture.md, "The kernel pipeline" and is the only way a side effect happens. Sub-packages are the
 * pipeline's steps. The face is what carries {@link io.autobiz.kernel.KernelApi}: callers may use {@code CALLERS}
 * types anywhere, {@code ASSEMBLY} types (the steps and the kernel's own adapters) only where the application
 * assembles the kernel; every other type is internal. ArchitectureTest enforces both.
 *
 * <p>This module must never import the workflow engine, a web framework or a provider SDK: it is plain Java and
 * JDBC, so that every adapter (BPMN delegate, webhook, admin API) is held to the same rules.
 */
package io.autobiz.kernel;
