package io.autobiz.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A test of the quick start as a newcomer runs it (default profile, H2 file database, sandbox providers, demo store and
 * logins, job executor on), on a port and in a data folder of the test class's own ({@link QuickStartInstance#of}).
 * Its engine is "default", as the webapps and REST API need, so its context is closed when the class is done.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ContextCustomizerFactories(QuickStartInstance.PerTestClass.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface QuickStartTest {

    /** Extra properties of the class ({@code key=value}), as {@link SpringBootTest#properties()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /** Whether the quick start sends itself its demo traffic once up, as it does for a newcomer. */
    boolean demoTraffic() default false;
}
