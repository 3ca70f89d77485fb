package io.autobiz.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A workflow IT: the application on the postgres and it profiles, with a fresh PostgreSQL database of its own
 * ({@link TestPostgres#newDatabase()}) and one WireMock server standing in for every provider ({@link ProviderStubs}),
 * both made for the test class and gone with its context when the class is done.
 *
 * <p>What the harness does for every test (see {@link WorkflowHarness}): before each, it points the BPMN assertions at
 * the engine, resets the WireMock server (the test then stubs what it needs) and makes sure the {@link #approvers()}
 * exist in the test store's approvers group; after each, it resets the engine's clock and deletes the running
 * instances of the {@link #cleanUp()} definitions. The test gets the server with {@code @Autowired WireMockServer}.
 *
 * <p>A class's own properties go in {@link #properties()}; {@code ${it.providers.url}} there is the WireMock server's
 * base URL (for the LLM or Slack paths, which {@link ProviderStubs#properties} leaves to the tests that use them). Each
 * class gets its own context (and so its own database and, through {@code ${random.uuid}} in application-it.yml, its
 * own Redis key prefix), closed after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ActiveProfiles({"postgres", "it"})
@ContextCustomizerFactories(WorkflowHarness.Infrastructure.class)
@ExtendWith(WorkflowHarness.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface WorkflowIT {

    /** The test store. */
    String STORE = "acme";

    /** The property that holds the WireMock server's base URL ({@code http://127.0.0.1:<port>}). */
    String PROVIDERS_URL = "it.providers.url";

    /** Extra properties of the class ({@code key=value}), as {@link SpringBootTest#properties()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /** The web environment, as {@link SpringBootTest#webEnvironment()}: a class that calls the HTTP API picks a port. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;

    /** Users made members of the test store's approvers group (once; their password is a test-only value). */
    String[] approvers() default {};

    /** Process definition keys whose running instances are deleted after each test. */
    String[] cleanUp() default {};
}
