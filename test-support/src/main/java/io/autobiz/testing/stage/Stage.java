package io.autobiz.testing.stage;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CI stages, in the order {@code .ci/run} runs them (docs/ci.md). Each is a JUnit 5 tag; every test is in exactly
 * one, which {@link StageTagsTest} checks in every module.
 */
public enum Stage {
    /** Checks over the repository itself: architecture, module rules, lint, docs and config consistency, P1-H*. */
    HYGIENE(Stage.HYGIENE_TAG),
    /** Pure code in one JVM: no database, Redis, engine, Spring context, HTTP server or browser. */
    UNIT(Stage.UNIT_TAG),
    /** Our own infrastructure: PostgreSQL, H2, Redis, the Camunda engine, a Spring context, our own HTTP endpoints. */
    INTEGRATION_INTERNAL(Stage.INTEGRATION_INTERNAL_TAG),
    /** Provider APIs as doubles over HTTP (WireMock, the in-process sandboxes) and the browser. */
    INTEGRATION_EXTERNAL(Stage.INTEGRATION_EXTERNAL_TAG),
    /** The golden suite and its deploy gate (docs/golden-suite.md). */
    GOLDEN_SUITE(Stage.GOLDEN_SUITE_TAG);

    public static final String HYGIENE_TAG = "hygiene";
    public static final String UNIT_TAG = "unit";
    public static final String INTEGRATION_INTERNAL_TAG = "integration_internal";
    public static final String INTEGRATION_EXTERNAL_TAG = "integration_external";
    public static final String GOLDEN_SUITE_TAG = "golden_suite";

    private final String tag;

    Stage(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static Optional<Stage> ofTag(String tag) {
        return Arrays.stream(values()).filter(stage -> stage.tag.equals(tag)).findFirst();
    }

    public static List<String> tags() {
        return Arrays.stream(values()).map(Stage::tag).toList();
    }
}
