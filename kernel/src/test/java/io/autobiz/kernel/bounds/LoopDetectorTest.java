package io.autobiz.kernel.bounds;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.config.BusinessConfig.LoopPolicy;
import io.autobiz.kernel.config.BusinessConfig.RetryAllowance;
import io.autobiz.kernel.tool.ToolId;
import io.autobiz.testing.stage.Unit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class LoopDetectorTest {

    private final LoopDetector loops = new LoopDetector();
    private final LoopPolicy policy = new LoopPolicy(20, 3, 2, List.of(new RetryAllowance("test.poll", 10)));

    private static String call(String tool, String args) {
        return tool + "@1#" + args;
    }

    @Test
    @DisplayName("P1-T08 the same call more often than allowed in the window is a loop")
    void identicalCalls() {
        List<String> history = new ArrayList<>(List.of(call("test.a", "x"), call("test.b", "y"), call("test.a", "x")));
        history.add(call("test.a", "x"));

        assertThat(loops.check(history, call("test.a", "x"), ToolId.parse("test.a@1"), policy, Fingerprints::toolOf))
                .hasValueSatisfying(loop -> {
                    assertThat(loop.kind()).isEqualTo("identical");
                    assertThat(loop.description()).contains("test.a@1", "4 times");
                });
    }

    @Test
    @DisplayName("P1-T08 the same tool with different arguments is not a loop")
    void differentArguments() {
        List<String> history = List.of(call("test.a", "1"), call("test.a", "2"), call("test.a", "3"));

        assertThat(loops.check(history, call("test.a", "4"), ToolId.parse("test.a@1"), policy, Fingerprints::toolOf))
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T08 a sequence of calls repeated back to back more often than allowed is a loop")
    void repeatedSequence() {
        List<String> history = List.of(
                call("test.a", "1"),
                call("test.b", "2"),
                call("test.c", "3"),
                call("test.a", "1"),
                call("test.b", "2"),
                call("test.c", "3"),
                call("test.a", "1"),
                call("test.b", "2"));

        assertThat(loops.check(history, call("test.c", "3"), ToolId.parse("test.c@1"), policy, Fingerprints::toolOf))
                .hasValueSatisfying(loop -> assertThat(loop.kind()).isEqualTo("sequence"));
        assertThat(loops.check(
                        history.subList(0, 5),
                        call("test.c", "3"),
                        ToolId.parse("test.c@1"),
                        policy,
                        Fingerprints::toolOf))
                .as("twice is within maxSequenceRepeats")
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T08 a tool on the retry allowlist may repeat up to its own limit")
    void allowlistedPolling() {
        List<String> polls = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            polls.add(call("test.poll", "shipment-1"));
        }

        assertThat(loops.check(
                        polls,
                        call("test.poll", "shipment-1"),
                        ToolId.parse("test.poll@1"),
                        policy,
                        Fingerprints::toolOf))
                .isEmpty();
        polls.add(call("test.poll", "shipment-1"));
        assertThat(loops.check(
                        polls,
                        call("test.poll", "shipment-1"),
                        ToolId.parse("test.poll@1"),
                        policy,
                        Fingerprints::toolOf))
                .isPresent();
    }

    @Test
    @DisplayName("P1-T08 only the window counts: old repetitions have left it")
    void windowIsRespected() {
        LoopPolicy narrow = new LoopPolicy(4, 2, 3, List.of());
        List<String> history = List.of(
                call("test.a", "x"),
                call("test.a", "x"),
                call("test.b", "1"),
                call("test.b", "2"),
                call("test.b", "3"));

        assertThat(loops.check(history, call("test.a", "x"), ToolId.parse("test.a@1"), narrow, Fingerprints::toolOf))
                .isEmpty();
    }
}
