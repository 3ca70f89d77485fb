package io.autobiz.testing.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.autobiz.testing.ci.JUnitXmlReports.Outcome;
import io.autobiz.testing.ci.JUnitXmlReports.TestCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The generated traceability table (docs/traceability.md, docs/ci.md): every seed test ID with the tests that name it
 * and their latest result. Tests name their IDs in their display names, which Surefire and Failsafe write into the
 * JUnit XML reports; golden cases declare theirs ({@code seed_tests}) and their runs are in {@code results.jsonl}.
 * The seed's IDs are listed in {@code .ci/seed-test-ids.txt}; a line ending in {@code *} is a family (e.g. {@code
 * P1-T02-NEG-*}), which gets one row per ID the tests use.
 *
 * <p>{@code TraceabilityTable --ids .ci/seed-test-ids.txt --golden-cases <dir> [--golden-results <results.jsonl>]
 * --out <dir> [--docs docs/traceability.md] <report files or directories>...}
 */
public final class TraceabilityTable {

    /** The seed's ID forms; {@code P1-T-RK06a/b/c} names three IDs. */
    static final Pattern ID = Pattern.compile("P1-(?:T-RK\\d{2}[a-z]?(?:/[a-z])*|T-CC\\d{2}|T-EXIT-\\d{2}"
            + "|T\\d{2}(?:-NEG-[a-z0-9]+(?:-[a-z0-9]+)*)?|H\\d{2}|TASK-\\d{2}|RK\\d{2}[a-z]?)");

    /** Each golden case run is one dynamic test of the suite; the table counts the case once, from results.jsonl. */
    private static final String GOLDEN_SUITE = "io.autobiz.golden.GoldenSuiteIT";
    /** A case run's test name: the factory's display name, then {@code run <n> <case> (...)}. */
    private static final Pattern GOLDEN_RUN = Pattern.compile("(^| )run \\d+ ");

    static final String BEGIN = "<!-- BEGIN GENERATED traceability table";
    static final String END = "<!-- END GENERATED traceability table -->";

    /** A test that names an ID: where it is, and how it last ended. */
    public record Evidence(String test, String where, String result) {}

    public record Row(String id, boolean seed, List<Evidence> tests) {

        public String summary() {
            if (tests.isEmpty()) {
                return "**no test**";
            }
            Map<String, Integer> counts = new TreeMap<>();
            tests.forEach(test -> counts.merge(test.result(), 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            counts.forEach((result, count) -> parts.add(count + " " + result));
            return String.join(", ", parts);
        }
    }

    private TraceabilityTable() {}

    /** The IDs a display name names, {@code P1-T-RK06a/b} expanded. */
    static Set<String> ids(String displayName) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher matcher = ID.matcher(displayName);
        while (matcher.find()) {
            String id = matcher.group();
            int slash = id.indexOf('/');
            if (slash < 0) {
                ids.add(id);
                continue;
            }
            String first = id.substring(0, slash);
            ids.add(first);
            String base = first.substring(0, first.length() - 1);
            for (String letter : id.substring(slash + 1).split("/")) {
                ids.add(base + letter);
            }
        }
        return ids;
    }

    public static List<Row> table(
            List<String> seedIds,
            List<TestCase> testCases,
            List<GoldenCase> goldenCases,
            Map<String, int[]> goldenRuns) {
        Map<String, List<Evidence>> byId = new TreeMap<>();
        for (TestCase testCase : testCases) {
            if (testCase.className().equals(GOLDEN_SUITE)
                    && GOLDEN_RUN.matcher(testCase.name()).find()) {
                continue;
            }
            String simpleName =
                    testCase.className().substring(testCase.className().lastIndexOf('.') + 1);
            Evidence evidence = new Evidence(testCase.id(), simpleName, result(testCase.outcome()));
            ids(testCase.name())
                    .forEach(id ->
                            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(evidence));
        }
        for (GoldenCase golden : goldenCases) {
            int[] runs = goldenRuns.get(golden.id());
            String result = runs == null ? "not run" : runs[1] == runs[0] ? "passed" : "failed";
            String where =
                    "golden " + golden.id() + (runs == null ? "" : " (" + runs[1] + "/" + runs[0] + " runs passed)");
            Evidence evidence = new Evidence("golden:" + golden.id(), where, result);
            golden.seedTests()
                    .forEach(id ->
                            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(evidence));
        }

        List<Row> rows = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        for (String seedId : seedIds) {
            if (seedId.endsWith("*")) {
                String prefix = seedId.substring(0, seedId.length() - 1);
                List<String> members = byId.keySet().stream()
                        .filter(id -> id.startsWith(prefix))
                        .toList();
                if (members.isEmpty()) {
                    rows.add(new Row(seedId, true, List.of()));
                }
                members.forEach(id -> {
                    rows.add(new Row(id, true, byId.get(id)));
                    placed.add(id);
                });
            } else {
                // P1-T-RK03 also collects P1-T-RK03a, b, ... should its tests split it as RK01 and RK02 are split.
                List<String> members = byId.keySet().stream()
                        .filter(id -> id.equals(seedId) || isLetteredPart(id, seedId))
                        .toList();
                List<Evidence> tests = new ArrayList<>();
                members.forEach(id -> {
                    byId.get(id).stream().filter(test -> !tests.contains(test)).forEach(tests::add);
                    placed.add(id);
                });
                rows.add(new Row(seedId, true, tests));
            }
        }
        byId.forEach((id, tests) -> {
            if (!placed.contains(id)) {
                rows.add(new Row(id, false, tests));
            }
        });
        return rows;
    }

    private static boolean isLetteredPart(String id, String seedId) {
        return id.length() == seedId.length() + 1
                && id.startsWith(seedId)
                && Character.isLowerCase(id.charAt(id.length() - 1))
                && Character.isDigit(seedId.charAt(seedId.length() - 1));
    }

    private static String result(Outcome outcome) {
        return switch (outcome) {
            case PASSED -> "passed";
            case FLAKY -> "flaky";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
        };
    }

    /** The compact table for docs/traceability.md: one line per ID. */
    static String compact(List<Row> rows, String source) {
        StringBuilder md = new StringBuilder();
        md.append("Generated by `TraceabilityTable` (docs/ci.md) from ")
                .append(source)
                .append(".\n\n");
        long covered = rows.stream()
                .filter(row -> row.seed() && !row.tests().isEmpty())
                .count();
        long seed = rows.stream().filter(Row::seed).count();
        md.append(covered).append(" of ").append(seed).append(" seed IDs have a test.\n\n");
        md.append("| ID | tests | latest result | where |\n|---|---|---|---|\n");
        for (Row row : rows) {
            if (!row.seed()) {
                continue;
            }
            md.append(line(row));
        }
        md.append(
                "\nIDs the tests use that the seed does not list (ours, e.g. `P1-TASK-nn`, or a spelling to fix):\n\n");
        md.append("| ID | tests | latest result | where |\n|---|---|---|---|\n");
        rows.stream().filter(row -> !row.seed()).forEach(row -> md.append(line(row)));
        return md.toString();
    }

    private static String line(Row row) {
        Set<String> where = new TreeSet<>();
        long goldenCases = row.tests().stream()
                .filter(test -> test.test().startsWith("golden:"))
                .count();
        row.tests().stream()
                .filter(test -> !test.test().startsWith("golden:"))
                .forEach(test -> where.add(test.where()));
        if (goldenCases > 0) {
            where.add("golden suite (" + goldenCases + (goldenCases == 1 ? " case)" : " cases)"));
        }
        return "| " + row.id() + " | " + row.tests().size() + " | " + row.summary() + " | "
                + String.join(", ", where).replace("|", "\\|") + " |\n";
    }

    /** Every test of every ID, for the CI artifacts. */
    static String detailed(List<Row> rows, String source) {
        StringBuilder md = new StringBuilder("# Traceability\n\n").append(compact(rows, source));
        md.append("\n## Tests per ID\n");
        for (Row row : rows) {
            md.append("\n### ").append(row.id()).append("\n\n");
            if (row.tests().isEmpty()) {
                md.append("No test.\n");
            }
            row.tests()
                    .forEach(test -> md.append("- ")
                            .append(test.result())
                            .append(": ")
                            .append(test.test().replace("|", "\\|"))
                            .append("\n"));
        }
        return md.toString();
    }

    /** Replaces the generated section of a document (between {@link #BEGIN} and {@link #END}) with {@code table}. */
    static String replaceSection(String document, String table) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no generated section (" + BEGIN + " ... " + END + ")");
        }
        int afterBegin = document.indexOf('\n', begin) + 1;
        return document.substring(0, afterBegin) + "\n" + table + "\n" + document.substring(end);
    }

    // ---- inputs

    /** A golden case's declared coverage ({@code src/main/resources/golden/cases/<id>.yaml}). */
    public record GoldenCase(String id, List<String> seedTests) {}

    static List<String> seedIds(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(line -> line.replaceFirst("#.*$", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    static List<GoldenCase> goldenCases(Path directory) throws IOException {
        if (directory == null) {
            return List.of();
        }
        if (!Files.isDirectory(directory)) {
            // A folder named but missing is a stale path, not "no golden cases": the cases' seed IDs would read as
            // untested (which is how the move of the cases to src/main/resources once went unseen).
            throw new IllegalArgumentException("--golden-cases: no such directory: " + directory);
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<GoldenCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode node = yaml.readTree(file.toFile());
                List<String> ids = new ArrayList<>();
                node.path("seed_tests").forEach(id -> ids.add(id.asText()));
                String name = file.getFileName().toString();
                cases.add(new GoldenCase(node.path("id").asText(name.substring(0, name.length() - 5)), ids));
            }
        }
        return cases;
    }

    /** Per case: {runs, passed} from {@code results.jsonl}. */
    static Map<String, int[]> goldenRuns(Path resultsFile) throws IOException {
        Map<String, int[]> runs = new LinkedHashMap<>();
        if (resultsFile == null || !Files.exists(resultsFile)) {
            return runs;
        }
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(resultsFile, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode run = json.readTree(line);
            int[] tally = runs.computeIfAbsent(run.path("case").asText(), k -> new int[2]);
            tally[0]++;
            if (run.path("passed").asBoolean(false)) {
                tally[1]++;
            }
        }
        return runs;
    }

    public static void main(String[] args) {
        Path ids = Path.of(".ci/seed-test-ids.txt");
        Path golden = null;
        Path goldenResults = null;
        Path out = Path.of("target/ci-artifacts");
        Path docs = null;
        List<Path> inputs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--ids" -> ids = Path.of(args[++i]);
                    case "--golden-cases" -> golden = Path.of(args[++i]);
                    case "--golden-results" -> goldenResults = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--docs" -> docs = Path.of(args[++i]);
                    default -> inputs.add(Path.of(args[i]));
                }
            }
            List<Path> reports = JUnitXmlReports.reportFiles(inputs);
            List<Row> rows =
                    table(seedIds(ids), JUnitXmlReports.read(reports), goldenCases(golden), goldenRuns(goldenResults));
            String source = reports.size() + " JUnit XML reports"
                    + (goldenResults != null && Files.exists(goldenResults) ? " and the golden suite's results" : "");
            Files.createDirectories(out);
            Files.writeString(out.resolve("traceability.md"), detailed(rows, source), StandardCharsets.UTF_8);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.resolve("traceability.json").toFile(), rows);
            if (docs != null) {
                String document = Files.readString(docs, StandardCharsets.UTF_8);
                Files.writeString(docs, replaceSection(document, compact(rows, source)), StandardCharsets.UTF_8);
            }
            long missing = rows.stream()
                    .filter(row -> row.seed() && row.tests().isEmpty())
                    .count();
            System.out.println(
                    "traceability: " + rows.stream().filter(Row::seed).count() + " seed IDs, " + missing
                            + " without a test -> " + out.resolve("traceability.md")
                            + (docs == null ? "" : " and " + docs));
        } catch (IOException e) {
            System.err.println("traceability: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("traceability: " + e.getMessage());
            System.exit(2);
        }
    }
}
