package io.autobiz.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type of the kernel's face: code outside {@code io.autobiz.kernel..} may depend on it (and on the types nested
 * in it), and on no other kernel type. ArchitectureTest enforces this on the compiled classes, and that the face's
 * public signatures name no internal type, so adding a type to the face is a deliberate, reviewed change: annotate it
 * here, in the kernel.
 *
 * <p>The face is the executor and its builder, tool calls and results, tool contracts, errors, and the ports and values
 * an adapter or admin screen works with. The pipeline's steps (permission, bounds and loops, the approval gate, the
 * tenant input guard, idempotency, cost, evidence) and the kernel's own adapters ({@code Jdbc*}, Redis, environment)
 * are internal: {@link KernelExecutor#builder()} assembles the steps from the ports it is given, and each port has a
 * factory for its adapter ({@code Traces.onDatabase(jdbc)} and the like).
 *
 * <p>Java cannot hide a type that another kernel package uses (the pipeline's steps live in sub-packages of one
 * module), and JPMS exports whole packages, every one of which holds face types; hence an annotation and a rule rather
 * than {@code module-info} (docs/architecture.md, "The kernel's face").
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KernelApi {}
