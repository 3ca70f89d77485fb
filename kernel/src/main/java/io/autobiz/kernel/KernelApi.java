package io.autobiz.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type of the kernel's face: code outside {@code io.autobiz.kernel..} may depend on it (and on the types nested
 * in it), and on no other kernel type. ArchitectureTest enforces this on the compiled classes, so adding a type to the
 * face is a deliberate, reviewed change: annotate it here, in the kernel.
 *
 * <p>Two audiences: {@link Audience#CALLERS} types (the executor, tool calls and results, tool contracts, errors, the
 * ports and values an adapter or admin screen works with) may be used anywhere; {@link Audience#ASSEMBLY} types (the
 * pipeline's steps and the kernel's own adapters) are constructed once, when the application assembles the kernel, and
 * only its {@code *Configuration} classes may name them.
 *
 * <p>Java cannot hide a type that another kernel package uses (the pipeline's steps live in sub-packages of one
 * module), and JPMS exports whole packages, every one of which holds face types; hence an annotation and a rule rather
 * than {@code module-info} (docs/architecture.md, "The kernel's face").
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KernelApi {

    /** Who may use the type. */
    Audience value() default Audience.CALLERS;

    /** Who may use a type of the face. */
    enum Audience {
        /** Any code outside the kernel. */
        CALLERS,
        /** Only the classes that assemble the kernel (named {@code *Configuration}). */
        ASSEMBLY
    }
}
