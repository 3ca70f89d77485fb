package io.autobiz.testing.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Surefire's and Failsafe's JUnit XML reports ({@code TEST-*.xml}) read as one result per test case. With
 * {@code rerunFailingTestsCount} a test that failed and then passed carries {@code <flakyFailure>}/{@code <flakyError>}
 * and no {@code <failure>}/{@code <error>}; one that failed every time carries {@code <failure>}/{@code <error>} (its
 * reruns as {@code <rerunFailure>}/{@code <rerunError>}).
 */
public final class JUnitXmlReports {

    public enum Outcome {
        PASSED,
        FLAKY,
        FAILED,
        SKIPPED
    }

    /** One failed attempt: the exception's type, message and the top of its stack trace. */
    public record Attempt(String kind, String type, String message, String stackTrace) {}

    /**
     * One test case: {@code className} as Surefire writes it (the class), {@code name} its display name, and the
     * attempts that failed (all of them when {@link Outcome#FAILED}, the ones before the passing rerun when flaky).
     */
    public record TestCase(String className, String name, Outcome outcome, List<Attempt> failedAttempts, Path report) {

        public String id() {
            return className + "#" + name;
        }
    }

    private static final int STACK_LINES = 12;

    private JUnitXmlReports() {}

    /** Every {@code TEST-*.xml} in the given files and directories (directories searched recursively). */
    public static List<TestCase> read(List<Path> filesOrDirectories) {
        DocumentBuilder parser = parser();
        List<TestCase> cases = new ArrayList<>();
        for (Path report : reportFiles(filesOrDirectories)) {
            try {
                NodeList testCases = parser.parse(report.toFile()).getElementsByTagName("testcase");
                for (int i = 0; i < testCases.getLength(); i++) {
                    cases.add(testCase((Element) testCases.item(i), report));
                }
            } catch (SAXException | IOException e) {
                throw new IllegalArgumentException("unreadable test report " + report + ": " + e.getMessage(), e);
            }
        }
        return cases;
    }

    static List<Path> reportFiles(List<Path> filesOrDirectories) {
        List<Path> reports = new ArrayList<>();
        for (Path path : filesOrDirectories) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(JUnitXmlReports::isReport).sorted().forEach(reports::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (isReport(path)) {
                reports.add(path);
            }
        }
        return reports;
    }

    private static boolean isReport(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && name.startsWith("TEST-") && name.endsWith(".xml");
    }

    private static TestCase testCase(Element testCase, Path report) {
        List<Attempt> failed = new ArrayList<>();
        boolean failedFinally = false;
        boolean flaky = false;
        boolean skipped = false;
        NodeList children = testCase.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element child)) {
                continue;
            }
            switch (child.getTagName()) {
                case "failure", "error" -> {
                    failedFinally = true;
                    failed.add(attempt(child));
                }
                case "rerunFailure", "rerunError" -> failed.add(attempt(child));
                case "flakyFailure", "flakyError" -> {
                    flaky = true;
                    failed.add(attempt(child));
                }
                case "skipped" -> skipped = true;
                default -> {}
            }
        }
        Outcome outcome =
                failedFinally ? Outcome.FAILED : flaky ? Outcome.FLAKY : skipped ? Outcome.SKIPPED : Outcome.PASSED;
        return new TestCase(testCase.getAttribute("classname"), testCase.getAttribute("name"), outcome, failed, report);
    }

    private static Attempt attempt(Element element) {
        String stackTrace = textOf(element, "stackTrace");
        if (stackTrace.isEmpty()) {
            stackTrace = element.getTextContent();
        }
        return new Attempt(
                element.getTagName(),
                element.getAttribute("type"),
                element.getAttribute("message"),
                stackTrace
                        .strip()
                        .lines()
                        .limit(STACK_LINES)
                        .reduce((a, b) -> a + "\n" + b)
                        .orElse(""));
    }

    private static String textOf(Element element, String childTag) {
        NodeList children = element.getElementsByTagName(childTag);
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            return child.getTextContent();
        }
        return "";
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
