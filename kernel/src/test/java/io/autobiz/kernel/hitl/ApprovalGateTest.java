package io.autobiz.kernel.hitl;

import static io.autobiz.kernel.Fixtures.aRun;
import static io.autobiz.kernel.Fixtures.configFor;
import static io.autobiz.kernel.Fixtures.input;
import static io.autobiz.kernel.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.Fixtures.CountingTool;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.config.ConfigSource;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.testing.stage.Unit;
import io.autobiz.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class ApprovalGateTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final String CONFIG = """
            tenant: acme
            approvers: acme-approvers
            tools: [test.refund, test.order.tag]
            permissions:
              - principal: workflow:test
                tools: [test.*]
                scopes: [payments:*, orders:*]
            bounds: {maxSteps: 100, maxTime: PT1H, maxTokens: 100, maxToolCalls: 100, maxMoneyAtRisk: 1000000}
            budgets: {maxMoneyAtRiskPerDay: 1000000}
            hitl:
              - tool: test.refund
                action: REQUIRE_APPROVAL
                timeout: PT4H
              - tool: test.order.tag
                action: REQUIRE_APPROVAL
                when: "orderTotal > 5000"
                timeout: PT1H
            """;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryApprovalRequests store = new InMemoryApprovalRequests();
    private final CountingTool refund =
            new CountingTool(refundContract(), inv -> Json.object().put("status", "ok"));
    private final CountingTool tag =
            new CountingTool(tagContract(), inv -> Json.object().put("status", "ok"));
    private final ConfigSource configs = configFor("acme", CONFIG);
    private final ToolRegistry registry = new ToolRegistry(List.of(refund, tag), new SchemaValidator());
    private final Set<String> approvers = Set.of("ada", "bob");
    private final Approvals approvals = new Approvals(
            store,
            registry,
            configs,
            (tenant, group, user) -> group.equals("acme-approvers") && approvers.contains(user),
            meters,
            clock);
    private final KernelExecutor kernel = Fixtures.aKernel(registry, configs, meters, clock)
            .approvalRequests(store)
            .build();

    @Test
    @DisplayName("P1-T16 a FINANCIAL call pauses for approval and runs once approved for exactly its arguments")
    void financialCallWaitsForApproval() {
        RunContext run = aRun("acme");

        assertRefused(run, refundOf(2500), ErrorCode.APPROVAL_REQUIRED);
        assertThat(refund.invocations).as("nothing ran before the decision").hasValue(0);

        ApprovalRequest request = approvals.request(run, ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");
        assertThat(request.amount()).contains(2500L);
        assertThat(request.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(4)));
        assertRefused(run, refundOf(2500), ErrorCode.APPROVAL_REQUIRED);

        ApprovalRequest decided = approvals.decide(ACME, request.id(), "ada", true, "fine");
        assertThat(decided.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(decided.approverId()).isEqualTo("ada");

        kernel.execute(run, new ToolCall(ToolRef.parse("test.refund"), refundOf(2500)));
        assertThat(refund.invocations).hasValue(1);
        assertThat(meters.counter("hitl_request_created_total", "tool", "test.refund")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T16 a denied request never lets the call run")
    void deniedStaysRefused() {
        RunContext run = aRun("acme");
        ApprovalRequest request = approvals.request(run, ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");

        approvals.decide(ACME, request.id(), "ada", false, "customer already refunded by hand");

        assertRefused(run, refundOf(2500), ErrorCode.APPROVAL_REQUIRED);
        assertThat(refund.invocations).hasValue(0);
    }

    @Test
    @DisplayName("P1-T07-NEG-changed-arguments an approval of 25.00 does not let a call of 26.00 through")
    void approvalIsBoundToTheArguments() {
        RunContext run = aRun("acme");
        ApprovalRequest request = approvals.request(run, ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");
        approvals.decide(ACME, request.id(), "ada", true, null);

        assertThatThrownBy(() -> kernel.execute(run, new ToolCall(ToolRef.parse("test.refund"), refundOf(2600))))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.APPROVAL_REQUIRED);
                    assertThat(error.getMessage()).contains("approved for other arguments");
                });
        assertThat(refund.invocations).hasValue(0);
    }

    @Test
    @DisplayName("P1-T07-NEG-tampered-hash a request whose stored hash was rewritten approves nothing")
    void tamperedHashApprovesNothing() {
        RunContext run = aRun("acme");
        ApprovalRequest request = approvals.request(run, ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");
        approvals.decide(ACME, request.id(), "ada", true, null);
        store.overwriteArgumentsHash(ACME, request.id(), Approvals.argumentsSha256(request.tool(), refundOf(99_999)));

        assertRefused(run, refundOf(2500), ErrorCode.APPROVAL_REQUIRED);
    }

    @Test
    @DisplayName("P1-T07-NEG-other-run an approval given in one run does not approve the same call in another")
    void approvalBelongsToItsRun() {
        ApprovalRequest request =
                approvals.request(aRun("acme"), ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");
        approvals.decide(ACME, request.id(), "ada", true, null);

        RunContext otherRun = new RunContext(ACME, "run-2", "corr-2", "workflow:test", "test");
        assertRefused(otherRun, refundOf(2500), ErrorCode.APPROVAL_REQUIRED);
    }

    @Test
    @DisplayName("P1-T07-NEG-not-an-approver a person outside the store's approvers group cannot decide")
    void onlyApproversDecide() {
        ApprovalRequest request =
                approvals.request(aRun("acme"), ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");

        assertThatThrownBy(() -> approvals.decide(ACME, request.id(), "mallory", true, null))
                .asInstanceOf(type(ApprovalRefusedException.class))
                .extracting(ApprovalRefusedException::reason)
                .isEqualTo(ApprovalRefusedException.Reason.NOT_AN_APPROVER);
        assertThatThrownBy(() -> approvals.decide(ACME, request.id(), null, true, null))
                .asInstanceOf(type(ApprovalRefusedException.class))
                .extracting(ApprovalRefusedException::reason)
                .isEqualTo(ApprovalRefusedException.Reason.NOT_AN_APPROVER);
        assertThat(store.find(ACME, request.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(meters.counter("hitl_decision_refused_total", "reason", "NOT_AN_APPROVER")
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    @DisplayName("P1-T07-NEG-self-approval the person who asked cannot decide their own request; another approver"
            + " can, and the request keeps the facts it was asked with")
    void requesterCannotDecide() {
        ObjectNode facts = Json.object().put("customerEmail", "grace@example.com");
        ApprovalRequest request = approvals.request(
                aRun("acme"), ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD", facts, "ada");

        assertThatThrownBy(() -> approvals.decide(ACME, request.id(), "ada", true, "mine"))
                .asInstanceOf(type(ApprovalRefusedException.class))
                .extracting(ApprovalRefusedException::reason)
                .isEqualTo(ApprovalRefusedException.Reason.SELF_APPROVAL);
        assertThat(store.find(ACME, request.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);

        ApprovalRequest decided = approvals.decide(ACME, request.id(), "bob", true, "checked");
        assertThat(decided.approverId()).isEqualTo("bob");
        assertThat(decided.requestedBy()).isEqualTo("ada");
        assertThat(decided.facts()).isEqualTo(facts);
    }

    @Test
    @DisplayName("P1-T07-NEG-decided-twice a decision is taken once; a second one is refused and changes nothing")
    void decidedOnce() {
        ApprovalRequest request =
                approvals.request(aRun("acme"), ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");
        approvals.decide(ACME, request.id(), "ada", false, "no");

        assertThatThrownBy(() -> approvals.decide(ACME, request.id(), "ada", true, "changed my mind"))
                .asInstanceOf(type(ApprovalRefusedException.class))
                .extracting(ApprovalRefusedException::reason)
                .isEqualTo(ApprovalRefusedException.Reason.ALREADY_DECIDED);
        assertThat(store.find(ACME, request.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    @DisplayName("P1-T17 an approval that times out fails: it is TIMED_OUT, cannot be decided after, approves nothing")
    void timeoutFails() {
        RunContext run = aRun("acme");
        ApprovalRequest request = approvals.request(run, ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");

        clock.advance(Duration.ofHours(4));
        assertThatThrownBy(() -> approvals.decide(ACME, request.id(), "ada", true, "late"))
                .asInstanceOf(type(ApprovalRefusedException.class))
                .extracting(ApprovalRefusedException::reason)
                .isEqualTo(ApprovalRefusedException.Reason.EXPIRED);

        assertThat(store.find(ACME, request.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(approvals.expire(ACME, request.id()))
                .as("expiring twice changes nothing")
                .isFalse();
        assertRefused(run, refundOf(2500), ErrorCode.APPROVAL_REQUIRED);
    }

    @Test
    @DisplayName("P1-T16 asking twice for the same run, tool and arguments returns the open request (a retried job)")
    void askingTwiceReturnsTheOpenRequest() {
        RunContext run = aRun("acme");
        ApprovalRequest first = approvals.request(run, ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");
        ApprovalRequest again = approvals.request(run, ToolRef.parse("test.refund"), refundOf(2500), "refund", "USD");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(approvals.pending(ACME)).hasSize(1);
    }

    @Test
    @DisplayName("P1-T07-NEG-invalid-arguments arguments that are not valid tool input are not put up for approval")
    void invalidArgumentsAreNotRequested() {
        assertThatThrownBy(() -> approvals.request(
                        aRun("acme"), ToolRef.parse("test.refund"), input("{\"paymentId\":\"x\"}"), "r", "USD"))
                .asInstanceOf(type(KernelError.class))
                .extracting(KernelError::code)
                .isEqualTo(ErrorCode.SCHEMA_INVALID);
        assertThat(approvals.pending(ACME)).isEmpty();
    }

    @Test
    @DisplayName("P1-T16 a WRITE call needs approval only when its rule's condition holds for the call's facts")
    void conditionalRuleForWrite() {
        RunContext run = aRun("acme");

        kernel.execute(run, new ToolCall(ToolRef.parse("test.order.tag"), tagOf(4000)));
        assertThat(tag.invocations).hasValue(1);

        assertRefused(run, tagOf(6000), "test.order.tag", ErrorCode.APPROVAL_REQUIRED);
        assertThat(tag.invocations).hasValue(1);
    }

    @Test
    @DisplayName("P1-T16 a workflow asking ahead (Approvals.required) gets the gate's own answer: below the threshold"
            + " no approval, above it one, FINANCIAL always, a missing fact one")
    void requiredAnswersAsTheGateDecides() {
        RunContext run = aRun("acme");

        assertThat(approvals.required(run, ToolRef.parse("test.order.tag"), tagOf(4000)))
                .isFalse();
        assertThat(approvals.required(run, ToolRef.parse("test.order.tag"), tagOf(6000)))
                .isTrue();
        assertThat(approvals.required(run, ToolRef.parse("test.order.tag"), input("{\"orderId\":\"o-1\"}")))
                .isTrue();
        assertThat(approvals.required(run, ToolRef.parse("test.refund"), refundOf(2500)))
                .isTrue();
        assertThat(tag.invocations).as("asking runs nothing").hasValue(0);
    }

    @Test
    @DisplayName("P1-T07-NEG-unclear-condition a condition naming a fact the call lacks requires approval")
    void conditionThatCannotBeEvaluatedRequiresApproval() {
        ObjectNode withoutTotal = input("{\"orderId\":\"o-1\"}");

        assertRefused(aRun("acme"), withoutTotal, "test.order.tag", ErrorCode.APPROVAL_REQUIRED);
        assertThat(tag.invocations).hasValue(0);
    }

    private void assertRefused(RunContext run, ObjectNode refundInput, ErrorCode code) {
        assertRefused(run, refundInput, "test.refund", code);
    }

    private void assertRefused(RunContext run, ObjectNode callInput, String tool, ErrorCode code) {
        assertThatThrownBy(() -> kernel.execute(run, new ToolCall(ToolRef.parse(tool), callInput)))
                .asInstanceOf(type(KernelError.class))
                .extracting(KernelError::code)
                .isEqualTo(code);
    }

    private static ObjectNode refundOf(long amount) {
        return input("{\"paymentId\":\"pi_1\",\"amount\":" + amount + "}");
    }

    private static ObjectNode tagOf(long total) {
        return input("{\"orderId\":\"o-1\",\"orderTotal\":" + total + "}");
    }

    private static ToolContract refundContract() {
        return ToolContract.builder("test.refund", 1)
                .description("refund a test payment")
                .input(json("""
                        {"type":"object","additionalProperties":false,"required":["paymentId","amount"],
                         "properties":{"paymentId":{"type":"string","pattern":"^pi_[A-Za-z0-9]+$"},
                                       "amount":{"type":"integer","minimum":1}}}"""))
                .output(json("""
                        {"type":"object","additionalProperties":false,"properties":{"status":{"type":"string"}}}"""))
                .sideEffect(SideEffect.FINANCIAL)
                .money("amount")
                .scope("payments:refund")
                .timeout(Duration.ofSeconds(2))
                .intent("paymentId", "amount")
                .dependency("stripe")
                .build();
    }

    private static ToolContract tagContract() {
        return ToolContract.builder("test.order.tag", 1)
                .description("tag a test order")
                .input(json("""
                        {"type":"object","additionalProperties":false,"required":["orderId"],
                         "properties":{"orderId":{"type":"string"},"orderTotal":{"type":"integer"}}}"""))
                .output(json("""
                        {"type":"object","additionalProperties":false,"properties":{"status":{"type":"string"}}}"""))
                .sideEffect(SideEffect.WRITE)
                .scope("orders:tag")
                .timeout(Duration.ofSeconds(2))
                .intent("orderId")
                .dependency("shopify")
                .build();
    }
}
