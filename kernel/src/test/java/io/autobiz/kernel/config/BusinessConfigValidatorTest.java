package io.autobiz.kernel.config;

import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.config.ProcessGraph.Edge;
import io.autobiz.kernel.config.ProcessGraph.Kind;
import io.autobiz.kernel.config.ProcessGraph.Node;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testing.stage.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compile checks CC-01..CC-05 (P1-TASK-17), each on its own, and together deterministically. */
@Unit
class BusinessConfigValidatorTest {

    private static final ToolContract CAPTURE = aCaptureContract().build();
    private static final ToolContract REFUND = ToolContract.builder("test.refund", 1)
            .input(json("""
                    {"type":"object","additionalProperties":false,"required":["paymentId","amount"],
                     "properties":{"paymentId":{"type":"string"},"amount":{"type":"integer"}}}"""))
            .output(json("{\"type\":\"object\",\"additionalProperties\":false}"))
            .sideEffect(SideEffect.FINANCIAL)
            .scope("payments:refund")
            .timeout(Duration.ofSeconds(5))
            .intent("paymentId", "amount")
            .money("amount")
            .dependency("stripe")
            .build();
    private static final ToolContract LOOKUP = ToolContract.builder("test.lookup", 1)
            .input(json("{\"type\":\"object\",\"additionalProperties\":false}"))
            .output(json("{\"type\":\"object\",\"additionalProperties\":false}"))
            .sideEffect(SideEffect.READ)
            .scope("orders:read")
            .build();
    private static final List<ToolContract> CATALOG = List.of(CAPTURE, REFUND, LOOKUP);

    private final BusinessConfigValidator validator = new BusinessConfigValidator();

    private static BusinessConfig config(String yaml) {
        return Fixtures.active(yaml).config();
    }

    /** start -> [approval?] -> refund task -> end, for workflow "refund". */
    private static ProcessGraph refundProcess(boolean withApproval) {
        List<Node> nodes = new ArrayList<>(List.of(
                new Node("start", "Refund requested", Kind.START, null),
                new Node("lookup", "Look up", Kind.TOOL_TASK, "test.lookup"),
                new Node("refund", "Refund", Kind.TOOL_TASK, "test.refund"),
                new Node("end", "Done", Kind.OTHER, null)));
        List<Edge> edges = new ArrayList<>();
        edges.add(new Edge("start", "lookup"));
        if (withApproval) {
            nodes.add(new Node("approve", "Approve refund", Kind.APPROVAL, null));
            edges.add(new Edge("lookup", "approve"));
            edges.add(new Edge("approve", "refund"));
        } else {
            edges.add(new Edge("lookup", "refund"));
        }
        edges.add(new Edge("refund", "end"));
        return new ProcessGraph("refund", nodes, edges);
    }

    private static final String VALID = """
            tenant: acme
            approvers: acme-approvers
            tools: [test.payment.capture, test.refund, test.lookup]
            permissions:
              - {principal: 'workflow:refund', tools: ['test.lookup', 'test.refund'], scopes: ['orders:read', 'payments:refund']}
              - {principal: 'workflow:order-fulfill', tools: ['test.payment.capture'], scopes: ['payments:capture']}
            bounds: {maxSteps: 10, maxTime: PT1H, maxTokens: 100, maxToolCalls: 10, maxMoneyAtRisk: 10000}
            budgets: {maxMoneyAtRiskPerDay: 50000}
            hitl:
              - {tool: test.refund, action: REQUIRE_APPROVAL, timeout: PT24H}
              - {tool: test.payment.capture, action: REQUIRE_APPROVAL, when: 'amount > 5000', timeout: PT4H}
            """;

    @Test
    @DisplayName("P1-T28 P1-T-CC01 P1-T41 a complete config with approved FINANCIAL paths passes every check")
    void validConfigPasses() {
        assertThat(validator.validate(config(VALID), CATALOG, List.of(refundProcess(true))))
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T28 P1-T-CC01 tool closure: unknown tools in the config, its grants, its rules and in a workflow")
    void toolClosure() {
        String yaml = VALID.replace(
                                "tools: [test.payment.capture, test.refund, test.lookup]",
                                "tools: [test.payment.capture, test.refund, test.lookup, test.nope]")
                        .replace("'test.lookup', 'test.refund']", "'test.lookup', 'test.refund', 'ghost.*']")
                        .replace("{tool: test.refund, action", "{tool: test.refund, action")
                + "  - {tool: other.thing, action: REQUIRE_APPROVAL, timeout: PT1H}\n";
        ProcessGraph process = new ProcessGraph(
                "wismo",
                List.of(new Node("s", null, Kind.START, null), new Node("t", "Ask", Kind.TOOL_TASK, "llm.missing")),
                List.of(new Edge("s", "t")));

        List<ConfigViolation> violations = validator.validate(config(yaml), CATALOG, List.of(process));

        assertThat(violations)
                .filteredOn(v -> v.code().equals("CC-01"))
                .extracting(ConfigViolation::where)
                .containsExactly("tools[3]", "permissions[0].tools[2]", "hitl[2].tool", "wismo/t");
    }

    @Test
    @DisplayName("P1-T28 P1-T-CC01 a tool a workflow calls must be enabled for the store")
    void workflowToolNotEnabled() {
        String yaml = VALID.replace(
                "tools: [test.payment.capture, test.refund, test.lookup]",
                "tools: [test.payment.capture, test.refund]");

        assertThat(validator.validate(config(yaml), CATALOG, List.of(refundProcess(true))))
                .filteredOn(v -> v.code().equals("CC-01"))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("test.lookup@1", "not enabled"));
    }

    @Test
    @DisplayName("P1-T29 P1-T-CC02 bounds present: missing and non-positive bounds and budgets are each reported")
    void boundsPresent() {
        String yaml = VALID.replace("maxSteps: 10, ", "")
                        .replace("maxTime: PT1H", "maxTime: PT0S")
                        .replace("maxMoneyAtRiskPerDay: 50000", "maxMoneyAtRiskPerDay: -1")
                + "workflowBounds:\n  refund: {maxToolCalls: 0}\n";

        assertThat(validator.validate(config(yaml), CATALOG, List.of(refundProcess(true))))
                .filteredOn(v -> v.code().equals("CC-02"))
                .extracting(ConfigViolation::where)
                .containsExactly(
                        "bounds.maxSteps",
                        "bounds.maxTime",
                        "workflowBounds.refund.maxToolCalls",
                        "budgets.maxMoneyAtRiskPerDay");
    }

    @Test
    @DisplayName("P1-T29 P1-T-CC02 a config without bounds or budgets at all is refused")
    void noBoundsAtAll() {
        String yaml = "tenant: acme\napprovers: g\ntools: []\n";

        assertThat(validator.validate(config(yaml), CATALOG, List.of()))
                .extracting(ConfigViolation::code, ConfigViolation::where)
                .contains(tuple("CC-02", "bounds"), tuple("CC-02", "budgets"));
    }

    @Test
    @DisplayName("P1-T30 P1-T-CC03 scopes present: an enabled tool nobody may call, and a workflow without its grant")
    void scopesPresent() {
        String yaml = VALID.replace(
                "{principal: 'workflow:refund', tools: ['test.lookup', 'test.refund'], scopes: ['orders:read', 'payments:refund']}",
                "{principal: 'workflow:refund', tools: ['test.lookup', 'test.refund'], scopes: ['orders:read']}");

        assertThat(validator.validate(config(yaml), CATALOG, List.of(refundProcess(true))))
                .filteredOn(v -> v.code().equals("CC-03"))
                .extracting(ConfigViolation::where)
                .containsExactly("tools: test.refund", "refund/refund");
    }

    @Test
    @DisplayName("P1-T41 P1-T-CC04 a FINANCIAL tool without an approval rule is refused")
    void financialWithoutRule() {
        String yaml = VALID.replace("  - {tool: test.refund, action: REQUIRE_APPROVAL, timeout: PT24H}\n", "");

        assertThat(validator.validate(config(yaml), CATALOG, List.of(refundProcess(true))))
                .filteredOn(v -> v.code().equals("CC-04"))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("test.refund@1", "REQUIRE_APPROVAL"));
    }

    @Test
    @DisplayName("P1-T41 P1-T-CC04 nothing may AUTO_APPROVE a FINANCIAL tool, not even beside a REQUIRE rule")
    void financialAutoApprove() {
        String yaml = VALID + "  - {tool: 'test.*', action: AUTO_APPROVE}\n";

        assertThat(validator.validate(config(yaml), CATALOG, List.of(refundProcess(true))))
                .filteredOn(v -> v.code().equals("CC-04"))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("never be auto-approved"));
    }

    @Test
    @DisplayName("P1-T41 P1-T-CC04 a FINANCIAL approval can neither depend on a condition nor lack a timeout")
    void financialConditionalOrTimeless() {
        String conditional = VALID.replace(
                "{tool: test.refund, action: REQUIRE_APPROVAL, timeout: PT24H}",
                "{tool: test.refund, action: REQUIRE_APPROVAL, when: 'amount > 100', timeout: PT24H}");
        String timeless = VALID.replace(
                "{tool: test.refund, action: REQUIRE_APPROVAL, timeout: PT24H}",
                "{tool: test.refund, action: REQUIRE_APPROVAL}");

        assertThat(validator.validate(config(conditional), CATALOG, List.of(refundProcess(true))))
                .extracting(ConfigViolation::code)
                .containsExactly("CC-04");
        assertThat(validator.validate(config(timeless), CATALOG, List.of(refundProcess(true))))
                .extracting(ConfigViolation::message)
                .singleElement()
                .asString()
                .contains("timeout");
    }

    @Test
    @DisplayName("P1-T41 CC-05 a workflow path from its start to a FINANCIAL task that passes no approval is refused")
    void financialPathWithoutApproval() {
        assertThat(validator.validate(config(VALID), CATALOG, List.of(refundProcess(false))))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.code()).isEqualTo("CC-05");
                    assertThat(v.where()).isEqualTo("refund/refund");
                    assertThat(v.message()).contains("start -> lookup -> refund");
                });
    }

    @Test
    @DisplayName("P1-T41 CC-05 a second path around the approval (e.g. a boundary event) is found")
    void bypassAroundApproval() {
        ProcessGraph approved = refundProcess(true);
        List<Node> nodes = new ArrayList<>(approved.nodes());
        nodes.add(new Node("timer", "Reminder", Kind.OTHER, null));
        List<Edge> edges = new ArrayList<>(approved.edges());
        edges.add(new Edge("lookup", "timer"));
        edges.add(new Edge("timer", "refund"));

        assertThat(validator.validate(config(VALID), CATALOG, List.of(new ProcessGraph("refund", nodes, edges))))
                .extracting(ConfigViolation::code)
                .containsExactly("CC-05");
    }

    @Test
    @DisplayName("P1-T28 the checks are deterministic and report every violation, not only the first")
    void deterministicAndComplete() {
        String broken = VALID.replace("maxSteps: 10, ", "")
                .replace("  - {tool: test.refund, action: REQUIRE_APPROVAL, timeout: PT24H}\n", "")
                .replace("approvers: acme-approvers\n", "");

        List<ConfigViolation> first = validator.validate(config(broken), CATALOG, List.of(refundProcess(false)));
        List<ConfigViolation> second = validator.validate(config(broken), CATALOG, List.of(refundProcess(false)));

        assertThat(first).isEqualTo(second);
        assertThat(first).extracting(ConfigViolation::code).containsExactly("CONFIG_SYNTAX", "CC-02", "CC-04", "CC-05");
    }

    @Test
    @DisplayName("P1-T41 a condition that does not compile is reported as CONDITION_INVALID")
    void badCondition() {
        String yaml = VALID.replace("when: 'amount > 5000'", "when: 'amount >'");

        assertThat(validator.validate(config(yaml), CATALOG, List.of(refundProcess(true))))
                .extracting(ConfigViolation::code, ConfigViolation::where)
                .containsExactly(tuple("CONDITION_INVALID", "hitl[1].when"));
    }
}
