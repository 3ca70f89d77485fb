package io.autobiz.testing.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flake policy on fixture reports in Surefire's own shape ({@code flake-fixtures/reports}): a flake, a flake and a
 * failure that are quarantined, a real failure, and quarantine files with an active, an expired and an incomplete
 * entry.
 */
@Unit
class FlakeReportTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-12-06");

    @Test
    @DisplayName("P1-TASK-30 a flake is listed with its failure, counted in test_flake_total and fails the stage")
    void flakeFailsTheStage() throws Exception {
        FlakeReport.Result result = evaluate(Quarantine.none(), "TEST-io.autobiz.example.ChargesTest.xml");

        assertThat(result.testCases()).isEqualTo(2);
        assertThat(result.flakes()).singleElement().satisfies(flake -> {
            assertThat(flake.test())
                    .isEqualTo("io.autobiz.example.ChargesTest#P1-T11 duplicate call returns the stored result");
            assertThat(flake.quarantined()).isFalse();
            assertThat(flake.failedAttempts()).singleElement().satisfies(attempt -> {
                assertThat(attempt.type()).isEqualTo("java.lang.AssertionError");
                assertThat(attempt.message()).isEqualTo("expected 1 charge, got 2");
                assertThat(attempt.stackTrace()).contains("ChargesTest.java:15");
            });
        });
        assertThat(result.failures()).isEmpty();
        assertThat(result.passes()).isFalse();
        assertThat(result.failsBecause()).containsExactly("1 flaky test case(s) not in the quarantine");
        assertThat(FlakeReport.prometheus(result))
                .contains("# TYPE test_flake_total counter")
                .endsWith("\ntest_flake_total 1\n");
    }

    @Test
    @DisplayName("P1-TASK-30 quarantined tests still run and are reported, their flakes and failures pass the stage")
    void quarantinedTestsDoNotFailTheStage() throws Exception {
        Quarantine quarantine = Quarantine.read(fixtures().resolve("quarantine.yml"));

        FlakeReport.Result result = evaluate(
                quarantine, "TEST-io.autobiz.example.WebhookReplayIT.xml", "TEST-io.autobiz.example.LedgerIT.xml");

        assertThat(result.flakes()).singleElement().satisfies(flake -> {
            assertThat(flake.test()).startsWith("io.autobiz.example.WebhookReplayIT#P1-T-RK02c");
            assertThat(flake.quarantined()).isTrue();
            assertThat(flake.quarantineReason()).contains("races the processor");
        });
        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.test()).isEqualTo("io.autobiz.example.LedgerIT#P1-T05 max_steps ends the run");
            assertThat(failure.quarantined()).isTrue();
            assertThat(failure.failedAttempts()).hasSize(3);
        });
        assertThat(result.flakeTotal()).isEqualTo(1);
        assertThat(result.passes()).as(result.failsBecause().toString()).isTrue();
        assertThat(result.quarantine())
                .extracting(FlakeReport.QuarantineStatus::status)
                .containsExactly("active", "active");
    }

    @Test
    @DisplayName("P1-TASK-30 an expired quarantine entry fails CI even when every test passes")
    void expiredEntryFailsCi() throws Exception {
        Quarantine quarantine = Quarantine.read(fixtures().resolve("quarantine-expired.yml"));

        FlakeReport.Result result = evaluate(quarantine);

        assertThat(result.testCases()).isZero();
        assertThat(result.passes()).isFalse();
        assertThat(result.failsBecause())
                .containsExactly("quarantine entry io.autobiz.example.OldFlakeIT expired on 2026-11-30");
        // The last day of an entry is still inside it.
        assertThat(Quarantine.read(fixtures().resolve("quarantine.yml")).expiredOn(TODAY))
                .isEmpty();
    }

    @Test
    @DisplayName("P1-TASK-30 a test that fails every attempt fails the stage; skipped ones are neither")
    void realFailureFailsTheStage() throws Exception {
        FlakeReport.Result result = evaluate(
                Quarantine.read(fixtures().resolve("quarantine.yml")), "TEST-io.autobiz.example.BrokenTest.xml");

        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.test())
                    .isEqualTo("io.autobiz.example.BrokenTest#P1-T02-NEG-no-config no config, no call");
            assertThat(failure.quarantined()).isFalse();
            assertThat(failure.failedAttempts())
                    .extracting(JUnitXmlReports.Attempt::kind)
                    .containsExactly("error", "rerunError", "rerunError");
        });
        assertThat(result.flakes()).isEmpty();
        assertThat(result.failsBecause()).containsExactly("1 test case(s) failed on every attempt");
        assertThat(result.quarantine())
                .extracting(FlakeReport.QuarantineStatus::status)
                .containsOnly("not seen in these reports");
    }

    @Test
    @DisplayName("P1-TASK-30 the report is written as Markdown, JSON and a Prometheus text file")
    void writesTheArtifacts(@TempDir Path out) throws Exception {
        Quarantine quarantine = Quarantine.read(fixtures().resolve("quarantine.yml"));
        FlakeReport.Result result = evaluate(quarantine, reportNames());

        FlakeReport.write(result, out);

        String markdown = Files.readString(out.resolve("flake-report.md"));
        assertThat(markdown)
                .contains("**Fails CI:** 1 test case(s) failed on every attempt; 1 flaky test case(s) not in the"
                        + " quarantine.")
                .contains("## Flaky (failed, then passed on a rerun): 2")
                .contains("### io.autobiz.example.ChargesTest#P1-T11 duplicate call returns the stored result")
                .contains("flakyFailure: java.lang.AssertionError: expected 1 charge, got 2")
                .contains("Quarantined (the hold timeout races the processor on a loaded runner)")
                .contains("## Failed on every attempt: 2");
        assertThat(Files.readString(out.resolve("flake-report.json")))
                .contains("\"passes\" : false")
                .contains("\"test_flake_total\" : 2");
        assertThat(Files.readString(out.resolve("test_flake_total.prom"))).endsWith("test_flake_total 2\n");
    }

    @Test
    @DisplayName("P1-TASK-30 a quarantine entry without an expiry date is refused, naming the entry")
    void entryWithoutExpiryIsRefused() throws Exception {
        Path file = fixtures().resolve("quarantine-no-expiry.yml");

        assertThatThrownBy(() -> Quarantine.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1: no expiry date");
    }

    private static FlakeReport.Result evaluate(Quarantine quarantine, String... reports) throws Exception {
        Path directory = fixtures().resolve("reports");
        List<Path> files = List.of(reports).stream().map(directory::resolve).toList();
        return FlakeReport.evaluate(JUnitXmlReports.read(files), files.size(), quarantine, TODAY);
    }

    private static String[] reportNames() throws IOException, URISyntaxException {
        try (var files = Files.list(fixtures().resolve("reports"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    static Path fixtures() throws URISyntaxException {
        return Path.of(FlakeReportTest.class.getResource("/flake-fixtures").toURI());
    }
}
