package io.autobiz.kernel.permission;

import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** INV-02: deny by default; a call needs the tool enabled and a grant of principal, tool and action. */
@Unit
class PermissionEnforcerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PermissionEnforcer permissions = new PermissionEnforcer(meters);
    private final ToolContract capture = aCaptureContract().build();

    private static ActiveConfig config(String tools, String grants) {
        return Fixtures.active("""
                        tenant: acme
                        approvers: acme-approvers
                        tools: %s
                        permissions: %s
                        bounds: {maxSteps: 1, maxTime: PT1H, maxTokens: 1, maxToolCalls: 1, maxMoneyAtRisk: 1}
                        budgets: {maxMoneyAtRiskPerDay: 1}
                        """.formatted(tools, grants));
    }

    private static RunContext as(String principal) {
        return new RunContext(TenantId.of("acme"), "run-1", "corr-1", principal, "test");
    }

    private KernelError denied(RunContext run, ActiveConfig config) {
        try {
            permissions.check(run, capture, config);
        } catch (KernelError error) {
            return error;
        }
        throw new AssertionError("the call was allowed");
    }

    @Test
    @DisplayName("P1-T04 a call under a grant of principal, tool pattern and scope is allowed, and counted as a pass")
    void grantedCallIsAllowed() {
        ActiveConfig config = config(
                "[test.payment.capture]",
                "[{principal: 'workflow:*', tools: ['test.payment.*'], scopes: ['payments:capture']}]");

        permissions.check(as("workflow:test"), capture, config);
        PermissionDecision decision = permissions.decide(as("workflow:test"), capture, config.config());

        assertThat(decision.allowed()).isTrue();
        assertThat(decision)
                .extracting("tenant", "principal", "tool", "action")
                .containsExactly("acme", "workflow:test", "test.payment.capture@1", "payments:capture");
        assertThat(meters.counter(
                                "permission_check_pass_total",
                                "tool",
                                "test.payment.capture",
                                "action",
                                "payments:capture")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName(
            "P1-T03 with no grant at all the call is denied (deny by default), counted, with tenant/principal/tool/action")
    void noGrantMeansDenied() {
        KernelError error = denied(as("workflow:test"), config("[test.payment.capture]", "[]"));

        assertThat(error.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(error.details())
                .containsEntry("tenant", "acme")
                .containsEntry("principal", "workflow:test")
                .containsEntry("tool", "test.payment.capture@1")
                .containsEntry("action", "payments:capture");
        assertThat(meters.counter(
                                "permission_check_deny_total",
                                "tool",
                                "test.payment.capture",
                                "action",
                                "payments:capture")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T02-NEG-not-enabled a granted tool the store has not enabled is denied")
    void toolNotEnabled() {
        KernelError error = denied(
                as("workflow:test"), config("[]", "[{principal: 'workflow:test', tools: ['test.*'], scopes: ['*']}]"));

        assertThat(error.getMessage()).contains("not enabled");
    }

    @Test
    @DisplayName("P1-T02-NEG-other-principal a grant to another principal does not allow the call")
    void otherPrincipal() {
        assertThat(denied(
                                as("workflow:refund"),
                                config(
                                        "[test.payment.capture]",
                                        "[{principal: 'workflow:order-fulfill', tools: ['test.*'], scopes: ['*']}]"))
                        .code())
                .isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    @DisplayName("P1-T02-NEG-other-action a grant of another action on the same tool does not allow the call")
    void otherAction() {
        assertThat(denied(
                                as("workflow:test"),
                                config(
                                        "[test.payment.capture]",
                                        "[{principal: 'workflow:test', tools: ['test.payment.capture'],"
                                                + " scopes: ['payments:refund']}]"))
                        .code())
                .isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    @DisplayName("P1-T02-NEG-other-tool a grant of the action on other tools does not allow the call")
    void otherTool() {
        assertThat(denied(
                                as("workflow:test"),
                                config(
                                        "[test.payment.capture]",
                                        "[{principal: 'workflow:test', tools: ['test.refund'],"
                                                + " scopes: ['payments:*']}]"))
                        .code())
                .isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    @DisplayName("P1-T02-NEG-pinned-version a grant pinned to another version of the tool does not allow this one")
    void otherVersion() {
        assertThat(denied(
                                as("workflow:test"),
                                config(
                                        "[test.payment.capture]",
                                        "[{principal: 'workflow:test', tools: ['test.payment.capture@2'],"
                                                + " scopes: ['*']}]"))
                        .code())
                .isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    @DisplayName("P1-T03 explain: a denial can be explained to operators without refusing or counting anything")
    void decideExplains() {
        PermissionDecision decision = permissions.decide(
                as("workflow:test"),
                capture,
                config("[test.payment.capture]", "[]").config());

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("workflow:test", "payments:capture");
        assertThat(meters.getMeters()).isEmpty();
    }
}
