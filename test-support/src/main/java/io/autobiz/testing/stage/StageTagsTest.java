package io.autobiz.testing.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Run by Surefire in every module that depends on this one ({@code dependenciesToScan} in the parent POM), over that
 * module's own compiled tests: a test class in no stage, or in two, fails the build, in {@code ./mvnw verify} and in
 * CI's hygiene stage. The parent POM passes the module's {@code target/test-classes} as {@code autobiz.test-classes}.
 */
@Hygiene
public class StageTagsTest {

    @Test
    @DisplayName("P1-TASK-29 every test class of this module is in exactly one CI stage")
    void everyTestIsInExactlyOneStage() {
        String directory = System.getProperty("autobiz.test-classes");
        assertThat(directory)
                .as("system property autobiz.test-classes (set by the parent POM's Surefire configuration)")
                .isNotBlank();
        Path testClasses = Path.of(directory);
        assertThat(Files.isDirectory(testClasses)).as(testClasses + " exists").isTrue();

        StageTags.Report report = StageTags.check(testClasses);

        assertThat(report.testClasses())
                .as("test classes found under " + testClasses)
                .isNotEmpty();
        assertThat(report.problems()).as("tests outside the CI stages").isEmpty();
    }
}
