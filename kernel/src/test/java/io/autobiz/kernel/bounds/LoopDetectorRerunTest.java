package io.autobiz.kernel.bounds;

import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testing.stage.Unit;
import io.autobiz.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A job the engine runs again (its transaction rolled back, e.g. a later call refused by an open circuit breaker)
 * repeats the reads it had completed; those repeats are the engine's retry, not the run looping (found by the soak:
 * LOOP_DETECTED on WF02's {@code stripe.payment.get}).
 */
@Unit
class LoopDetectorRerunTest {

    private static final String LOOPS_YAML = """
            tenant: acme
            approvers: acme-approvers
            tools: [test.payment.capture]
            permissions: [{principal: 'workflow:*', tools: ['test.*'], scopes: ['*']}]
            bounds: {maxSteps: 1000, maxTime: PT1H, maxTokens: 1000, maxToolCalls: 1000, maxMoneyAtRisk: 100000}
            budgets: {maxMoneyAtRiskPerDay: 100000}
            loops: {window: 20, maxIdenticalCalls: 3, maxSequenceRepeats: 3}
            """;

    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final BoundsEnforcer bounds =
            new BoundsEnforcer(ledger, new LoopDetector(), new SimpleMeterRegistry(), new MutableClock());
    private final ToolContract read =
            aCaptureContract().sideEffect(SideEffect.READ).build();
    private final ActiveConfig config = Fixtures.active(LOOPS_YAML);
    private final ObjectNode args = input("{\"paymentId\":\"pi_1\",\"amount\":1}");
    private final String fingerprint = Fingerprints.of(read.id(), args);

    private static RunContext run(String id) {
        return new RunContext(TenantId.of("acme"), id, "corr-" + id, "workflow:test", "test");
    }

    private void completeRead(RunContext run) {
        bounds.charge(run, read, args, fingerprint, config);
        bounds.recordCompleted(run, fingerprint, 0, config);
    }

    @Test
    @DisplayName("P1-T08 SOAK-INV-03 a read repeated by ten re-runs of one rolled-back job is no loop; its cost stays"
            + " charged")
    void readsOfRolledBackAttemptsAreNotALoop() {
        RunContext run = run("rerun");
        for (int attempt = 0; attempt < 10; attempt++) {
            completeRead(run);
            bounds.forgetForLoops(run, fingerprint); // the job's transaction rolled back
        }

        assertThatCode(() -> completeRead(run)).doesNotThrowAnyException();
        assertThat(ledger.find(run).orElseThrow().steps()).isEqualTo(11);
        assertThat(ledger.find(run).orElseThrow().terminatedReason()).isNull();
    }

    @Test
    @DisplayName("P1-T08 the same read completed by committed steps is still a loop after maxIdenticalCalls; forgetting"
            + " one rolled-back attempt does not hide the others")
    void committedRepeatsAreStillALoop() {
        RunContext run = run("looping");
        completeRead(run);
        completeRead(run);
        completeRead(run);
        bounds.forgetForLoops(run, fingerprint);
        completeRead(run);

        assertThatThrownBy(() -> completeRead(run))
                .isInstanceOfSatisfying(
                        KernelError.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.LOOP_DETECTED));
    }
}
