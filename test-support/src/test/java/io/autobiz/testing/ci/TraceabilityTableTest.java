package io.autobiz.testing.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.ci.JUnitXmlReports.Outcome;
import io.autobiz.testing.ci.JUnitXmlReports.TestCase;
import io.autobiz.testing.ci.TraceabilityTable.Row;
import io.autobiz.testing.stage.Unit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class TraceabilityTableTest {

    @Test
    @DisplayName("P1-TASK-29 the IDs of a display name: seed forms, negative names, RK06a/b/c shorthand")
    void idsOfADisplayName() {
        assertThat(TraceabilityTable.ids("P1-T-RK06a/b/c tenant bleed, and P1-T31 too"))
                .containsExactly("P1-T-RK06a", "P1-T-RK06b", "P1-T-RK06c", "P1-T31");
        assertThat(TraceabilityTable.ids("P1-T02-NEG-message-quotes-no-value the error quotes no value"))
                .containsExactly("P1-T02-NEG-message-quotes-no-value");
        assertThat(TraceabilityTable.ids("P1-H10 P1-T-CC04 P1-T-EXIT-05 P1-TASK-30 gate"))
                .containsExactly("P1-H10", "P1-T-CC04", "P1-T-EXIT-05", "P1-TASK-30");
        assertThat(TraceabilityTable.ids("issue 21: no seed ID here")).isEmpty();
    }

    @Test
    @DisplayName("P1-TASK-29 every seed ID gets a row with its tests and their latest result; missing ones say so")
    void table() {
        List<TestCase> reports = List.of(
                testCase("io.autobiz.kernel.ExactlyOnceTest", "P1-T11 duplicate call", Outcome.PASSED),
                testCase("io.autobiz.kernel.OtherTest", "P1-T11 P1-T05-NEG-crash crash mid-call", Outcome.FLAKY),
                testCase("io.autobiz.kernel.RiskTest", "P1-T-RK03a pinned prompt", Outcome.FAILED),
                testCase(
                        "io.autobiz.golden.GoldenSuiteIT",
                        "P1-T18 golden suite run 1 wf03-refund (WF03 P1-T22)",
                        Outcome.PASSED),
                testCase("io.autobiz.build.BuildTest", "P1-TASK-01 the build", Outcome.PASSED));
        List<TraceabilityTable.GoldenCase> golden =
                List.of(new TraceabilityTable.GoldenCase("wf03-refund", List.of("P1-T22", "P1-T16")));

        List<Row> rows = TraceabilityTable.table(
                List.of("P1-T11", "P1-T12", "P1-T22", "P1-T05-NEG-*", "P1-T07-NEG-*", "P1-T-RK03"),
                reports,
                golden,
                Map.of("wf03-refund", new int[] {3, 2}));

        assertThat(rows)
                .extracting(Row::id)
                .containsExactly(
                        "P1-T11",
                        "P1-T12",
                        "P1-T22",
                        "P1-T05-NEG-crash",
                        "P1-T07-NEG-*",
                        "P1-T-RK03",
                        "P1-T16",
                        "P1-TASK-01");
        assertThat(rows.get(0).summary()).isEqualTo("1 flaky, 1 passed");
        assertThat(rows.get(1).summary()).isEqualTo("**no test**");
        assertThat(rows.get(2).tests()).singleElement().satisfies(test -> {
            assertThat(test.where()).isEqualTo("golden wf03-refund (2/3 runs passed)");
            assertThat(test.result()).isEqualTo("failed");
        });
        assertThat(rows.get(4).tests()).isEmpty();
        assertThat(rows.get(5).summary()).isEqualTo("1 failed");
        assertThat(rows.get(6).seed()).isFalse();

        String compact = TraceabilityTable.compact(rows, "5 JUnit XML reports");
        assertThat(compact)
                .contains("4 of 6 seed IDs have a test.")
                .contains("| P1-T12 | 0 | **no test** |  |")
                .contains("| P1-T11 | 2 | 1 flaky, 1 passed | ExactlyOnceTest, OtherTest |")
                .contains("| P1-T22 | 1 | 1 failed | golden suite (1 case) |");
    }

    @Test
    @DisplayName("P1-TASK-29 the generated section of a document is replaced, the rest kept; no section is an error")
    void replacesTheGeneratedSection() {
        String document = "# Title\n\nhand-written\n\n" + TraceabilityTable.BEGIN + " (TraceabilityTable) -->\nold\n"
                + TraceabilityTable.END + "\n\nafter\n";

        String replaced = TraceabilityTable.replaceSection(document, "| new |\n");

        assertThat(replaced)
                .startsWith("# Title\n\nhand-written\n\n" + TraceabilityTable.BEGIN)
                .contains("\n| new |\n")
                .doesNotContain("old")
                .endsWith(TraceabilityTable.END + "\n\nafter\n");
        assertThatThrownBy(() -> TraceabilityTable.replaceSection("# no markers\n", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static TestCase testCase(String className, String name, Outcome outcome) {
        return new TestCase(className, name, outcome, List.of(), Path.of("TEST-" + className + ".xml"));
    }
}
