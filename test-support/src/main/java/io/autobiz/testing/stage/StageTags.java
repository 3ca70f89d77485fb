package io.autobiz.testing.stage;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Finds the tests that no CI stage would run, or that two would: it discovers tests exactly as Surefire and Failsafe do
 * (the JUnit Platform launcher, every engine on the class path, tags as JUnit reads them, inherited ones included) and
 * checks every test class and method against {@link Stage}. Discovery only: nothing is executed, no class is
 * initialised.
 */
public final class StageTags {

    private static final String HOW =
            "annotate the class with one of @Hygiene, @Unit, @IntegrationInternal, @IntegrationExternal, @GoldenSuite"
                    + " (io.autobiz.testing.stage; docs/ci.md)";

    /** What a check saw: how many test classes, and what is wrong with them (empty when every one is in one stage). */
    public record Report(Set<String> testClasses, List<String> problems) {}

    private StageTags() {}

    /** Every test under a class path root, e.g. a module's {@code target/test-classes}. */
    public static Report check(Path classpathRoot) {
        return check(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(classpathRoot)))
                .build());
    }

    public static Report check(LauncherDiscoveryRequest request) {
        // A launcher of its own, without the listeners registered for the build's real run (the network guard, ...).
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        TestPlan plan = launcher.discover(request);
        Set<String> classes = new TreeSet<>();
        Set<String> problems = new TreeSet<>();
        Map<String, List<String>> classStages = new HashMap<>();
        List<TestIdentifier> tests = new ArrayList<>();
        plan.getRoots().forEach(root -> tests.addAll(plan.getDescendants(root)));
        for (TestIdentifier test : tests) {
            if (test.getSource().orElse(null) instanceof ClassSource classSource) {
                Class<?> testClass = classSource.getJavaClass();
                List<String> stages = stages(test);
                classes.add(testClass.getName());
                classStages.put(testClass.getName(), stages);
                if (stages.isEmpty()) {
                    problems.add(testClass.getName() + " is in no CI stage, so CI would never run it: " + HOW);
                } else if (stages.size() > 1) {
                    problems.add(testClass.getName() + " is in " + stages.size() + " CI stages " + stages
                            + " and would run in each: keep one");
                }
                String name = testClass.getSimpleName();
                if (testClass.getEnclosingClass() == null && !name.endsWith("Test") && !name.endsWith("IT")) {
                    problems.add(
                            testClass.getName() + " is run by neither Surefire (*Test) nor Failsafe (*IT): rename it");
                }
            }
        }
        for (TestIdentifier test : tests) {
            if (test.getSource().orElse(null) instanceof MethodSource method) {
                List<String> stages = stages(test);
                if (stages.size() > 1 && !stages.equals(classStages.get(method.getClassName()))) {
                    problems.add(method.getClassName() + "#" + method.getMethodName() + " is in " + stages.size()
                            + " CI stages " + stages + ": a method may not add a second stage to its class's");
                }
            }
        }
        return new Report(classes, new ArrayList<>(problems));
    }

    /** The stage tags JUnit sees on a test (its class's and base classes' included). */
    private static List<String> stages(TestIdentifier test) {
        return test.getTags().stream()
                .map(tag -> tag.getName())
                .filter(tag -> Stage.ofTag(tag).isPresent())
                .sorted()
                .toList();
    }
}
