package io.autobiz.kernel.hitl;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.config.BusinessConfig;
import io.autobiz.kernel.config.BusinessConfig.HitlAction;
import io.autobiz.kernel.config.BusinessConfig.HitlRule;
import io.autobiz.kernel.config.ConditionExpr;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.RegisteredTool;
import io.autobiz.kernel.tool.SideEffect;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of the pipeline (INV-07): a call that needs a person's approval runs only with an APPROVED request for this
 * run, this tool and the SHA-256 of exactly these arguments; otherwise {@code APPROVAL_REQUIRED}, before any side
 * effect. Every FINANCIAL call needs one; a WRITE or READ call needs one when a REQUIRE_APPROVAL rule's condition holds
 * for its facts (the input's fields, plus {@code amount} for a tool that moves money).
 */
public final class ApprovalGate {

    private static final Logger log = LoggerFactory.getLogger(ApprovalGate.class);

    private final ApprovalRequests store;

    public ApprovalGate(ApprovalRequests store) {
        this.store = store;
    }

    public void check(RunContext run, RegisteredTool tool, JsonNode input, BusinessConfig config) {
        if (!needsApproval(tool, input, config)) {
            return;
        }
        String sha256 = Approvals.argumentsSha256(tool.id(), input);
        List<ApprovalRequest> requests = store.forRun(run.tenant(), run.runId(), tool.id());
        if (requests.stream().anyMatch(request -> request.approvesExactly(tool.id(), sha256))) {
            return;
        }
        boolean approvedOtherArguments =
                requests.stream().anyMatch(request -> request.status() == ApprovalStatus.APPROVED);
        throw KernelError.of(
                ErrorCode.APPROVAL_REQUIRED,
                approvedOtherArguments
                        ? tool.id() + " was approved for other arguments than these; nothing was done"
                        : tool.id() + " needs an approver's decision for these arguments; nothing was done",
                Map.of("tool", tool.id().toString(), "argumentsSha256", sha256));
    }

    /** Whether a call needs approval under the store's rules. FINANCIAL always does, whatever a rule says. */
    public static boolean needsApproval(RegisteredTool tool, JsonNode input, BusinessConfig config) {
        if (tool.contract().sideEffect() == SideEffect.FINANCIAL) {
            return true;
        }
        for (HitlRule rule : config.hitlRulesFor(tool.id())) {
            if (rule.action() == HitlAction.REQUIRE_APPROVAL && holds(rule, tool, input)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A condition that cannot be evaluated for this call (a fact it names is missing) counts as holding: with an
     * unclear rule, a person looks at the call rather than nobody.
     */
    private static boolean holds(HitlRule rule, RegisteredTool tool, JsonNode input) {
        if (rule.unconditional()) {
            return true;
        }
        try {
            return ConditionExpr.parse(rule.when()).test(facts(tool, input));
        } catch (ConditionExpr.InvalidCondition e) {
            log.warn("HITL condition of {} could not be evaluated; approval required: {}", tool.id(), e.getMessage());
            return true;
        }
    }

    private static Map<String, Object> facts(RegisteredTool tool, JsonNode input) {
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = new HashMap<>(Json.mapper().convertValue(input, Map.class));
        tool.contract().money().ifPresent(field -> {
            JsonNode amount = input.path(field);
            if (amount.canConvertToLong()) {
                facts.putIfAbsent("amount", amount.asLong());
            }
        });
        return facts;
    }
}
