package io.autobiz.testing.stage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * CI stage {@value Stage#INTEGRATION_INTERNAL_TAG}: our own infrastructure: PostgreSQL, H2, Redis, the engine, a Spring context, our own endpoints. One stage per test class (docs/ci.md); inherited by subclasses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(Stage.INTEGRATION_INTERNAL_TAG)
public @interface IntegrationInternal {}
