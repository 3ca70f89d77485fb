package io.autobiz.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.autobiz.testing.stage.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class SoakReportTest {

    @Test
    @DisplayName("P1-TASK-32 the Wilson lower bound at 95 %: 95 of 100 gives 0.8882, 10 of 10 gives 0.7225, none 0")
    void wilson() {
        assertThat(SoakReport.wilsonLower95(95, 100)).isCloseTo(0.8882, within(0.0001));
        assertThat(SoakReport.wilsonLower95(10, 10)).isCloseTo(0.7225, within(0.0001));
        assertThat(SoakReport.wilsonLower95(0, 0)).isZero();
        assertThat(SoakReport.wilsonLower95(0, 50)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    @DisplayName(
            "P1-TASK-32 the fault mix: defaults as issue 18 sets them, one fault changed by name, unknown names refused")
    void faultMix() {
        SoakSettings.Faults defaults = SoakSettings.Faults.parse("");
        assertThat(defaults.duplicate()).isEqualTo(0.20);
        assertThat(defaults.outOfOrder()).isEqualTo(0.10);
        assertThat(defaults.serverError() + defaults.timeout()).isCloseTo(0.05, within(1e-9));
        assertThat(defaults.lostWebhook()).isEqualTo(0.01);
        assertThat(defaults.throttled()).isPositive();
        assertThat(defaults.kills()).isEqualTo(1);
        SoakSettings.Faults calm = SoakSettings.Faults.parse("kills=0,duplicate=0");
        assertThat(calm.kills()).isZero();
        assertThat(calm.duplicate()).isZero();
        assertThat(calm.outOfOrder()).isEqualTo(0.10);
        assertThatThrownBy(() -> SoakSettings.Faults.parse("dupes=0.5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("P1-TASK-32 report.md names a run whose invariants did not run as not passed, and says why")
    void markdownSaysWhyNotPassed() {
        String md = SoakReport.markdown(Map.of(
                "passed",
                false,
                "events",
                10,
                "commit",
                "abc1234",
                "finishedAt",
                "2026-12-06T00:00:00Z",
                "command",
                "./mvnw -Pperf -pl perf compile exec:java@soak",
                "invariantsRan",
                false,
                "invariantsNote",
                "the invariant checker is not on this build's classpath: not run",
                "workflows",
                List.of(Map.of("workflow", "WF01", "runs", 10, "succeeded", 10, "raw", 1.0, "wilsonLower95", 0.7225))));
        assertThat(md).contains("NOT PASSED").contains("**Not run**").contains("| WF01 | 10 | 10 | 1.0000 | 0.7225 |");
    }
}
