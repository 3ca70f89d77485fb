package io.autobiz.testing.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * The check behind {@link StageTagsTest}, on fixture classes nested here. Surefire never runs nested classes on its
 * own ({@code **}{@code /*$*} is excluded), so the fixtures are only ever discovered, by the check; their methods say
 * so if anything ever runs them.
 */
@Unit
class StageTagsCheckTest {

    @Test
    @DisplayName("P1-TASK-29 a test class in no stage is reported, with how to tag it")
    void untaggedClassIsReported() {
        StageTags.Report report = check(Untagged.class);

        assertThat(report.testClasses()).containsExactly(Untagged.class.getName());
        assertThat(report.problems())
                .singleElement()
                .asString()
                .contains(Untagged.class.getName() + " is in no CI stage")
                .contains("@Unit");
    }

    @Test
    @DisplayName("P1-TASK-29 a test class in two stages is reported: it would run twice")
    void twoStagesAreReported() {
        assertThat(check(TwoStages.class).problems())
                .singleElement()
                .asString()
                .contains("is in 2 CI stages [integration_internal, unit]");
    }

    @Test
    @DisplayName("P1-TASK-29 a method may not add a second stage to its class's")
    void methodWithAnotherStageIsReported() {
        assertThat(check(MethodInAnotherStage.class).problems())
                .singleElement()
                .asString()
                .contains("#example is in 2 CI stages [golden_suite, unit]");
    }

    @Test
    @DisplayName("P1-TASK-29 a stage inherited from a base class counts; other tags are no stage")
    void inheritedStageCounts() {
        StageTags.Report report = check(InheritsItsStage.class);

        assertThat(report.testClasses()).containsExactly(InheritsItsStage.class.getName());
        assertThat(report.problems()).isEmpty();
    }

    @Test
    @DisplayName("P1-TASK-29 scanning a class path root finds every test class in it, the untagged ones reported")
    void classpathRootScan() throws URISyntaxException {
        Path testClasses = Path.of(StageTagsCheckTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());

        StageTags.Report report = StageTags.check(testClasses);

        assertThat(report.testClasses())
                .contains(StageTagsCheckTest.class.getName(), Untagged.class.getName(), TwoStages.class.getName());
        assertThat(report.problems())
                .anySatisfy(problem -> assertThat(problem).startsWith(Untagged.class.getName() + " is in no CI stage"))
                .noneSatisfy(problem -> assertThat(problem).startsWith(StageTagsCheckTest.class.getName() + " "))
                .noneSatisfy(problem -> assertThat(problem).startsWith(InheritsItsStage.class.getName() + " "));
    }

    private static StageTags.Report check(Class<?> testClass) {
        return StageTags.check(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .build());
    }

    private static final String FIXTURE = "a fixture of StageTagsCheckTest: discovered, never run";

    static class Untagged {
        @Test
        void example() {
            throw new AssertionError(FIXTURE);
        }
    }

    @Unit
    @IntegrationInternal
    static class TwoStages {
        @Test
        void example() {
            throw new AssertionError(FIXTURE);
        }
    }

    @Unit
    static class MethodInAnotherStage {
        @Test
        @Tag(Stage.GOLDEN_SUITE_TAG)
        void example() {
            throw new AssertionError(FIXTURE);
        }
    }

    @Hygiene
    abstract static class StagedBase {}

    @Tag("slow")
    static class InheritsItsStage extends StagedBase {
        @Test
        void example() {
            throw new AssertionError(FIXTURE);
        }
    }
}
