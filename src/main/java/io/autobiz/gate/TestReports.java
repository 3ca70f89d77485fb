package io.autobiz.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The hygiene and P0 test gates from Surefire's and Failsafe's JUnit XML reports ({@code TEST-*.xml}): each test case
 * is a trial, skipped ones are not. A test of the CI stage {@code hygiene} (its class tagged {@code hygiene}, as the
 * stage selects it: {@link TestClassTags}) counts towards hygiene, every other one towards the P0 tests, except the
 * golden suite's own (its runs are counted from {@code results.jsonl}).
 *
 * <p>A trial passes only when the test passed at its first attempt. A flake, a test that failed and then passed on a
 * rerun ({@code rerunFailingTestsCount}; the report carries {@code <flakyFailure>}/{@code <flakyError>}), is a failed
 * trial, named with "(flaky)": both gates fed here need 100 %, and a rerun that passes does not undo a failure that
 * happened (docs/golden-suite.md). A test that failed on every attempt carries {@code <failure>}/{@code <error>}.
 */
public final class TestReports {

    private static final String GOLDEN_PACKAGE = "io.autobiz.golden.";

    private TestReports() {}

    public static Map<Gate, Tally> tally(List<Path> reportDirectories, TestClassTags tags) {
        Map<Gate, Tally> tallies = new EnumMap<>(Gate.class);
        tallies.put(Gate.HYGIENE, Tally.empty());
        tallies.put(Gate.P0_TESTS, Tally.empty());
        DocumentBuilder parser = parser();
        for (Path directory : reportDirectories) {
            for (Path report : reports(directory)) {
                try {
                    NodeList cases = parser.parse(report.toFile()).getElementsByTagName("testcase");
                    for (int i = 0; i < cases.getLength(); i++) {
                        count((Element) cases.item(i), tallies, tags);
                    }
                } catch (SAXException | IOException e) {
                    throw new IllegalStateException("unreadable test report " + report, e);
                }
            }
        }
        return tallies;
    }

    private static void count(Element testCase, Map<Gate, Tally> tallies, TestClassTags tags) {
        String className = testCase.getAttribute("classname");
        if (className.startsWith(GOLDEN_PACKAGE)
                || testCase.getElementsByTagName("skipped").getLength() > 0) {
            return;
        }
        boolean failed = has(testCase, "failure") || has(testCase, "error");
        boolean flaky = !failed && (has(testCase, "flakyFailure") || has(testCase, "flakyError"));
        String name = className + "#" + testCase.getAttribute("name") + (flaky ? " (flaky)" : "");
        Gate gate = tags.isHygiene(className) ? Gate.HYGIENE : Gate.P0_TESTS;
        tallies.merge(gate, Tally.empty(), (tally, unused) -> tally.plus(!failed && !flaky, name));
    }

    private static boolean has(Element testCase, String element) {
        return testCase.getElementsByTagName(element).getLength() > 0;
    }

    private static List<Path> reports(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("TEST-") && name.endsWith(".xml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
