package io.autobiz.testing.stage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * CI stage {@value Stage#UNIT_TAG}: pure code: no database, Redis, engine, Spring context, HTTP server or browser. One stage per test class (docs/ci.md); inherited by subclasses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(Stage.UNIT_TAG)
public @interface Unit {}
