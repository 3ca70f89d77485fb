package io.autobiz.testing.stage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * CI stage {@value Stage#INTEGRATION_EXTERNAL_TAG}: provider APIs as doubles over HTTP (WireMock, the sandboxes) or the browser. One stage per test class (docs/ci.md); inherited by subclasses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(Stage.INTEGRATION_EXTERNAL_TAG)
public @interface IntegrationExternal {}
