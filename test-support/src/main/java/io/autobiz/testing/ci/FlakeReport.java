package io.autobiz.testing.ci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.autobiz.testing.ci.JUnitXmlReports.Attempt;
import io.autobiz.testing.ci.JUnitXmlReports.Outcome;
import io.autobiz.testing.ci.JUnitXmlReports.TestCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flake policy (docs/ci.md): reads the JUnit XML reports of the stages run so far and decides whether CI may go
 * on. A test that failed and then passed on a rerun is a flake: it is listed with its failure and counted
 * ({@code test_flake_total}), and it fails the stage unless quarantined. A test that failed every attempt fails the
 * stage unless quarantined. An expired quarantine entry fails CI. Writes {@code flake-report.md}, {@code
 * flake-report.json} and {@code test_flake_total.prom} (Prometheus text format).
 *
 * <p>{@code FlakeReport --quarantine .ci/quarantine.yml --out target/ci-artifacts [--today YYYY-MM-DD] <report files
 * or directories>...}; exits 0 when the stage passes, 1 when it fails, 2 on bad input.
 */
public final class FlakeReport {

    /** A test case the report lists: a flake or a failure, quarantined or not. */
    public record Listed(
            String test, String outcome, boolean quarantined, String quarantineReason, List<Attempt> failedAttempts) {}

    public record QuarantineStatus(String test, String reason, LocalDate expires, String status) {}

    public record Result(
            LocalDate date,
            int testCases,
            int reports,
            List<Listed> flakes,
            List<Listed> failures,
            List<QuarantineStatus> quarantine,
            List<String> failsBecause) {

        public boolean passes() {
            return failsBecause.isEmpty();
        }

        public int flakeTotal() {
            return flakes.size();
        }
    }

    private FlakeReport() {}

    public static Result evaluate(List<TestCase> cases, int reports, Quarantine quarantine, LocalDate today) {
        List<Listed> flakes = new ArrayList<>();
        List<Listed> failures = new ArrayList<>();
        Map<Quarantine.Entry, Boolean> used = new LinkedHashMap<>();
        quarantine.entries().forEach(entry -> used.put(entry, false));
        for (TestCase testCase : cases) {
            if (testCase.outcome() != Outcome.FLAKY && testCase.outcome() != Outcome.FAILED) {
                Optional<Quarantine.Entry> entry = quarantine.entryFor(testCase);
                entry.ifPresent(e -> used.put(e, true));
                continue;
            }
            Optional<Quarantine.Entry> entry = quarantine.entryFor(testCase);
            entry.ifPresent(e -> used.put(e, true));
            Listed listed = new Listed(
                    testCase.id(),
                    testCase.outcome().name().toLowerCase(),
                    entry.isPresent(),
                    entry.map(Quarantine.Entry::reason).orElse(null),
                    testCase.failedAttempts());
            (testCase.outcome() == Outcome.FLAKY ? flakes : failures).add(listed);
        }

        List<String> failsBecause = new ArrayList<>();
        long failed = failures.stream().filter(listed -> !listed.quarantined()).count();
        if (failed > 0) {
            failsBecause.add(failed + " test case(s) failed on every attempt");
        }
        long flaky = flakes.stream().filter(listed -> !listed.quarantined()).count();
        if (flaky > 0) {
            failsBecause.add(flaky + " flaky test case(s) not in the quarantine");
        }
        List<QuarantineStatus> statuses = new ArrayList<>();
        used.forEach((entry, seen) -> {
            String status = entry.expiredOn(today) ? "expired" : seen ? "active" : "not seen in these reports";
            if (entry.expiredOn(today)) {
                failsBecause.add("quarantine entry " + entry.test() + " expired on " + entry.expires());
            }
            statuses.add(new QuarantineStatus(entry.test(), entry.reason(), entry.expires(), status));
        });
        return new Result(today, cases.size(), reports, flakes, failures, statuses, failsBecause);
    }

    public static void write(Result result, Path directory) {
        try {
            Files.createDirectories(directory);
            ObjectMapper json = new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("passes", result.passes());
            document.put("test_flake_total", result.flakeTotal());
            document.putAll(json.convertValue(result, Map.class));
            json.writeValue(directory.resolve("flake-report.json").toFile(), document);
            Files.writeString(directory.resolve("flake-report.md"), markdown(result), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("test_flake_total.prom"), prometheus(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String prometheus(Result result) {
        return """
                # HELP test_flake_total Test cases of this CI run that failed and then passed on a rerun (quarantined ones included).
                # TYPE test_flake_total counter
                test_flake_total %d
                """.formatted(result.flakeTotal());
    }

    static String markdown(Result result) {
        StringBuilder md = new StringBuilder("# Flake report\n\n");
        md.append(result.date())
                .append(": ")
                .append(result.testCases())
                .append(" test cases from ")
                .append(result.reports())
                .append(" reports. ");
        md.append(
                result.passes()
                        ? "**Passes.**\n"
                        : "**Fails CI:** " + String.join("; ", result.failsBecause()) + ".\n");
        md.append("\n`test_flake_total ").append(result.flakeTotal()).append("`\n");
        section(md, "Flaky (failed, then passed on a rerun)", result.flakes());
        section(md, "Failed on every attempt", result.failures());
        md.append("\n## Quarantine (.ci/quarantine.yml)\n\n");
        if (result.quarantine().isEmpty()) {
            md.append("Empty.\n");
        } else {
            md.append("| test | reason | expires | status |\n|---|---|---|---|\n");
            for (QuarantineStatus entry : result.quarantine()) {
                md.append("| ")
                        .append(cell(entry.test()))
                        .append(" | ")
                        .append(cell(entry.reason()))
                        .append(" | ")
                        .append(entry.expires())
                        .append(" | ")
                        .append(entry.status())
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<Listed> listed) {
        md.append("\n## ").append(title).append(": ").append(listed.size()).append("\n");
        for (Listed test : listed) {
            md.append("\n### ").append(test.test()).append("\n\n");
            md.append(
                    test.quarantined()
                            ? "Quarantined (" + test.quarantineReason() + "): does not fail the stage.\n"
                            : "Not quarantined: fails the stage.\n");
            for (Attempt attempt : test.failedAttempts()) {
                md.append("\n```text\n")
                        .append(attempt.kind())
                        .append(": ")
                        .append(attempt.type())
                        .append(": ")
                        .append(attempt.message())
                        .append("\n")
                        .append(attempt.stackTrace().replace("```", "'''"))
                        .append("\n```\n");
            }
        }
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    public static void main(String[] args) {
        Path quarantineFile = Path.of(".ci/quarantine.yml");
        Path out = Path.of("target/ci-artifacts");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Path> inputs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quarantine" -> quarantineFile = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--today" -> today = LocalDate.parse(args[++i]);
                    default -> inputs.add(Path.of(args[i]));
                }
            }
            List<Path> reports = JUnitXmlReports.reportFiles(inputs);
            Result result =
                    evaluate(JUnitXmlReports.read(reports), reports.size(), Quarantine.read(quarantineFile), today);
            write(result, out);
            System.out.println("flake report: " + result.testCases() + " test cases, "
                    + result.flakes().size()
                    + " flaky, " + result.failures().size() + " failed, quarantine "
                    + result.quarantine().size()
                    + " entries -> " + out.resolve("flake-report.md"));
            System.out.print(prometheus(result));
            result.flakes()
                    .forEach(flake -> System.out.println(
                            "  flaky: " + flake.test() + (flake.quarantined() ? " (quarantined)" : "")));
            result.failures()
                    .forEach(failure -> System.out.println(
                            "  failed: " + failure.test() + (failure.quarantined() ? " (quarantined)" : "")));
            if (!result.passes()) {
                System.out.println("flake policy: FAIL: " + String.join("; ", result.failsBecause()));
                System.exit(1);
            }
        } catch (RuntimeException e) {
            System.err.println("flake report: " + e.getMessage());
            System.exit(2);
        }
    }
}
