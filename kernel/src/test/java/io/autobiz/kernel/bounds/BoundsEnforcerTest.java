package io.autobiz.kernel.bounds;

import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

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
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** INV-03: every bound on its own terminates the run with its name as termination_reason. */
@Unit
class BoundsEnforcerTest {

    private static final String BOUNDS_YAML = """
            tenant: acme
            approvers: acme-approvers
            tools: [test.payment.capture, test.refund, test.lookup]
            permissions: [{principal: 'workflow:*', tools: ['test.*'], scopes: ['*']}]
            bounds: {maxSteps: %d, maxTime: %s, maxTokens: %d, maxToolCalls: %d, maxMoneyAtRisk: %d}
            workflowBounds:
              patient: {maxTime: P8D}
            budgets: {maxMoneyAtRiskPerDay: %d}
            loops: {window: 20, maxIdenticalCalls: 50, maxSequenceRepeats: 50}
            """;

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final BoundsEnforcer bounds = new BoundsEnforcer(ledger, new LoopDetector(), meters, clock);
    private final ToolContract capture = aCaptureContract().build();
    private final ToolContract refund =
            aCaptureContract().sideEffect(SideEffect.FINANCIAL).money("amount").build();

    private static ActiveConfig config(long steps, String time, long tokens, long toolCalls, long money, long perDay) {
        return Fixtures.active(BOUNDS_YAML.formatted(steps, time, tokens, toolCalls, money, perDay));
    }

    private static RunContext run(String id) {
        return run(id, "test");
    }

    private static RunContext run(String id, String workflow) {
        return new RunContext(TenantId.of("acme"), id, "corr-" + id, "workflow:" + workflow, workflow);
    }

    private void charge(RunContext run, ToolContract tool, int n, ActiveConfig config) {
        ObjectNode args = input("{\"paymentId\":\"pi_" + n + "\",\"amount\":" + (n + 1) + "}");
        bounds.charge(run, tool, args, Fingerprints.of(tool.id(), args), config);
    }

    private KernelError breach(Runnable call) {
        try {
            call.run();
        } catch (KernelError error) {
            return error;
        }
        throw new AssertionError("no bound was breached");
    }

    @Test
    @DisplayName("P1-T05 max_steps: the call after the last allowed step terminates the run with max_steps")
    void maxSteps() {
        ActiveConfig config = config(3, "PT1H", 1000, 100, 100000, 100000);
        RunContext run = run("steps");
        for (int i = 0; i < 3; i++) {
            charge(run, capture, i, config);
        }

        KernelError error = breach(() -> charge(run, capture, 3, config));

        assertThat(error.code()).isEqualTo(ErrorCode.BOUND_EXCEEDED);
        assertThat(error.qualifiedCode()).isEqualTo("BOUND_EXCEEDED:max_steps");
        assertThat(error.details()).containsEntry("terminationReason", "max_steps");
        assertThat(ledger.find(run).orElseThrow().terminatedReason()).isEqualTo("max_steps");
        assertThat(meters.counter("bound_violation_total", "bound", "max_steps").count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T03-NEG-terminated once terminated, every later call of the run is refused with the same reason")
    void terminationIsFinal() {
        ActiveConfig config = config(1, "PT1H", 1000, 100, 100000, 100000);
        RunContext run = run("final");
        charge(run, capture, 0, config);
        breach(() -> charge(run, capture, 1, config));

        ActiveConfig generous = config(1000, "PT1H", 1000, 1000, 100000, 100000);
        KernelError later = breach(() -> charge(run, capture, 2, generous));

        assertThat(later.qualifiedCode()).isEqualTo("BOUND_EXCEEDED:max_steps");
        assertThat(later.getMessage()).contains("terminated earlier");
    }

    @Test
    @DisplayName("P1-T06 max_time: a call after the run's wall time is up terminates it with max_time")
    void maxTime() {
        ActiveConfig config = config(100, "PT30M", 1000, 100, 100000, 100000);
        RunContext run = run("time");
        charge(run, capture, 0, config);
        clock.advance(Duration.ofMinutes(31));

        assertThat(breach(() -> charge(run, capture, 1, config)).qualifiedCode())
                .isEqualTo("BOUND_EXCEEDED:max_time");
    }

    @Test
    @DisplayName("P1-T06 a workflow's own bounds override the store's (a patient workflow may run for days)")
    void workflowOverride() {
        ActiveConfig config = config(100, "PT30M", 1000, 100, 100000, 100000);
        RunContext run = run("patient-1", "patient");
        charge(run, capture, 0, config);
        clock.advance(Duration.ofDays(3));

        charge(run, capture, 1, config);

        assertThat(ledger.find(run).orElseThrow().steps()).isEqualTo(2);
    }

    @Test
    @DisplayName("P1-T07 max_tool_calls: the call beyond the allowed tool calls terminates the run")
    void maxToolCalls() {
        ActiveConfig config = config(100, "PT1H", 1000, 2, 100000, 100000);
        RunContext run = run("calls");
        charge(run, capture, 0, config);
        charge(run, capture, 1, config);

        assertThat(breach(() -> charge(run, capture, 2, config)).qualifiedCode())
                .isEqualTo("BOUND_EXCEEDED:max_tool_calls");
    }

    @Test
    @DisplayName("P1-T07 max_tokens: a call that spends past the budget terminates the run for the next call")
    void maxTokens() {
        ActiveConfig config = config(100, "PT1H", 1000, 100, 100000, 100000);
        RunContext run = run("tokens");
        charge(run, capture, 0, config);
        bounds.recordCompleted(run, "test.payment.capture@1#0", 1200, config);

        assertThat(ledger.find(run).orElseThrow().terminatedReason()).isEqualTo("max_tokens");
        assertThat(breach(() -> charge(run, capture, 1, config)).qualifiedCode())
                .isEqualTo("BOUND_EXCEEDED:max_tokens");
    }

    @Test
    @DisplayName("P1-T03-NEG-max-money-at-risk a FINANCIAL call beyond the run's money at risk terminates the run")
    void moneyPerRun() {
        ActiveConfig config = config(100, "PT1H", 1000, 100, 5000, 100000);
        RunContext run = run("money");
        ObjectNode first = input("{\"paymentId\":\"pi_1\",\"amount\":3000}");
        ObjectNode second = input("{\"paymentId\":\"pi_2\",\"amount\":2001}");
        bounds.charge(run, refund, first, Fingerprints.of(refund.id(), first), config);

        KernelError error =
                breach(() -> bounds.charge(run, refund, second, Fingerprints.of(refund.id(), second), config));

        assertThat(error.qualifiedCode()).isEqualTo("BOUND_EXCEEDED:max_money_at_risk");
        assertThat(ledger.find(run).orElseThrow().moneyAtRisk()).isEqualTo(3000);
    }

    @Test
    @DisplayName("P1-T03-NEG-max-money-per-day the store's daily budget holds across its runs")
    void moneyPerDay() {
        ActiveConfig config = config(100, "PT1H", 1000, 100, 100000, 5000);
        ObjectNode big = input("{\"paymentId\":\"pi_1\",\"amount\":4000}");
        bounds.charge(run("day-a"), refund, big, Fingerprints.of(refund.id(), big), config);

        KernelError error =
                breach(() -> bounds.charge(run("day-b"), refund, big, Fingerprints.of(refund.id(), big), config));

        assertThat(error.qualifiedCode()).isEqualTo("BOUND_EXCEEDED:max_money_at_risk_per_day");
        clock.advance(Duration.ofDays(1));
        bounds.charge(run("day-c"), refund, big, Fingerprints.of(refund.id(), big), config);
    }

    @Test
    @DisplayName("P1-T03-NEG-non-financial WRITE calls put no money at risk, whatever their amount field says")
    void writesPutNoMoneyAtRisk() {
        ActiveConfig config = config(100, "PT1H", 1000, 100, 1, 1);
        RunContext run = run("writes");

        charge(run, capture, 5000, config);

        assertThat(ledger.find(run).orElseThrow().moneyAtRisk()).isZero();
    }

    @Test
    @DisplayName("P1-T05 the counters persist in the ledger: a new enforcer (another node) continues the same run")
    void countersLiveInTheLedger() {
        ActiveConfig config = config(2, "PT1H", 1000, 100, 100000, 100000);
        RunContext run = run("nodes");
        charge(run, capture, 0, config);
        BoundsEnforcer otherNode = new BoundsEnforcer(ledger, new LoopDetector(), meters, clock);
        ObjectNode args = input("{\"paymentId\":\"pi_9\",\"amount\":1}");
        otherNode.charge(run, capture, args, Fingerprints.of(capture.id(), args), config);

        assertThatThrownBy(() -> charge(run, capture, 2, config))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.qualifiedCode()).isEqualTo("BOUND_EXCEEDED:max_steps"));
    }
}
