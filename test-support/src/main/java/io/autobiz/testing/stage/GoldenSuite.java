package io.autobiz.testing.stage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * CI stage {@value Stage#GOLDEN_SUITE_TAG}: the golden suite and its deploy gate. One stage per test class (docs/ci.md); inherited by subclasses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(Stage.GOLDEN_SUITE_TAG)
public @interface GoldenSuite {}
