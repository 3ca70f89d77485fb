package io.autobiz.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autobiz.testing.stage.Unit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The report's JSON keeps the records' field names: the soak report and docs/exit-criteria.md read them. */
@Unit
class InvariantReportTest {

    @Test
    @DisplayName("P1-T32 the report's JSON carries the records' field names and passed is false when one fails")
    void jsonFieldNames() throws Exception {
        InvariantReport report = new InvariantReport(
                Instant.parse("2026-12-06T12:00:00Z"),
                List.of(
                        new InvariantResult("SOAK-INV-01", "one effect", true, 4, List.of()),
                        new InvariantResult("SOAK-INV-08", "drift owned", false, 2, List.of("reconciliation r-1"))),
                List.of(WorkflowRate.of("WF01", "order-fulfill", 10, 9)));

        JsonNode json = new ObjectMapper().readTree(report.toJson());

        assertThat(report.passed()).isFalse();
        assertThat(json.path("checkedAt").asText()).isEqualTo("2026-12-06T12:00:00Z");
        assertThat(json.path("passed").asBoolean(true)).isFalse();
        JsonNode failed = json.path("invariants").get(1);
        assertThat(failed.path("id").asText()).isEqualTo("SOAK-INV-08");
        assertThat(failed.path("passed").asBoolean(true)).isFalse();
        assertThat(failed.path("examined").asLong()).isEqualTo(2);
        assertThat(failed.path("offenders").get(0).asText()).isEqualTo("reconciliation r-1");
        JsonNode rate = json.path("workflows").get(0);
        assertThat(rate.fieldNames())
                .toIterable()
                .containsExactly("workflow", "processKey", "runs", "succeeded", "raw", "wilsonLower95");
        assertThat(rate.path("raw").asDouble()).isEqualTo(0.9);
        assertThat(report.toMarkdown()).contains("SOAK-INV-08 failed", "- reconciliation r-1");
    }
}
