package io.autobiz.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import io.autobiz.AutoBizApplication;
import io.autobiz.testing.stage.Hygiene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.util.FileSystemUtils;

/**
 * The application's modules as Spring Modulith sees them: each top package under {@code io.autobiz} is a module, its
 * top package is its face, its sub-packages are internal unless a {@code package-info} names them
 * ({@code @NamedInterface}), and each module's {@code @ApplicationModule(allowedDependencies = ...)} lists the modules it
 * may use. {@link ApplicationModules#verify()} fails on a cycle between modules, on a dependency not listed, and on a
 * reference into another module's internals.
 *
 * <p>Outside the model: the plain-Java Maven modules (the kernel, the delegates, and the libraries split out of the
 * kernel: the event inbox and the reconciliation core), which Spring does not wire by scanning and whose boundaries
 * ArchitectureTest checks; {@code io.autobiz.app.db}, H2's trigger classes, which H2 calls by a name that applied
 * migrations hold; the kernel's test support, which its test jar puts on this module's test classpath; and the CI
 * stages' test support ({@code io.autobiz.testing}, the test-support module), a test dependency too.
 */
@Hygiene
class ModularityTest {

    static final DescribedPredicate<JavaClass> OUTSIDE_THE_MODEL = JavaClass.Predicates.resideInAnyPackage(
            "io.autobiz.kernel..",
            "io.autobiz.delegates..",
            "io.autobiz.inbox..",
            "io.autobiz.reconciliation.core..",
            "io.autobiz.app..",
            "io.autobiz.testsupport..",
            "io.autobiz.testing..");

    static final ApplicationModules MODULES = ApplicationModules.of(AutoBizApplication.class, OUTSIDE_THE_MODEL);

    @Test
    @DisplayName("P1-TASK-01 src's modules use each other only through their faces, as declared, and in no cycle")
    void modulesKeepTheirFaces() {
        MODULES.verify();
    }

    /**
     * Writes the module diagrams ({@code docs/modules/*.puml}, PlantUML with the C4 style) from the code and fails if
     * they say something else than the committed ones: run this test and commit {@code docs/modules/} after changing a
     * module's dependencies. The Documenter lists elements in no stable order, so the files are compared as sets of
     * lines, and the committed ones are only rewritten when they differ in content.
     */
    @Test
    @DisplayName("P1-TASK-01 docs/modules/ holds the module diagrams of the code as it is")
    void moduleDiagramsAreCurrent() throws IOException {
        Path committed = repositoryRoot().resolve("docs/modules");
        Path generated = Files.createTempDirectory("autobiz-modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();

        Map<String, String> fromCode = read(generated);
        boolean current = linesOf(fromCode).equals(linesOf(read(committed)));
        if (!current) {
            FileSystemUtils.deleteRecursively(committed);
            FileSystemUtils.copyRecursively(generated, committed);
        }
        FileSystemUtils.deleteRecursively(generated);

        assertThat(current)
                .as("docs/modules/ was out of date and has been rewritten from the code: commit it")
                .isTrue();
    }

    private static Map<String, List<String>> linesOf(Map<String, String> files) {
        Map<String, List<String>> lines = new TreeMap<>();
        files.forEach((name, text) -> lines.put(name, text.lines().sorted().toList()));
        return lines;
    }

    private static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(path.getFileName().toString(), Files.readString(path));
            }
        }
        return files;
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("mvnw"))) {
            here = here.getParent();
        }
        assertThat(here)
                .as("the repository root (with mvnw) above the working directory")
                .isNotNull();
        return here;
    }
}
