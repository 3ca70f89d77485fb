package io.autobiz.kernel.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tool.ToolId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One store's rules, as written in its YAML file (the field names below are the YAML keys).
 *
 * @param tenant the store this config belongs to
 * @param approvers the Camunda group whose members approve the store's requests
 * @param allowSelfApproval whether the person who asked for an approval may decide it; false (the default) keeps the
 *     two duties apart, true is for a store with a single person
 * @param tools the tools the store may use ({@code name} or {@code name@version}); every other tool is refused
 * @param permissions who may call which tools for which actions (deny by default)
 * @param bounds the limits of every run
 * @param workflowBounds per-workflow overrides of {@code bounds}, by process key
 * @param budgets the store's money budget across runs
 * @param loops when a run is stopped for repeating itself
 * @param hitl when a person must approve a call first
 */
@KernelApi
public record BusinessConfig(
        String tenant,
        String approvers,
        Boolean allowSelfApproval,
        List<String> tools,
        List<PermissionGrant> permissions,
        Bounds bounds,
        Map<String, Bounds> workflowBounds,
        Budgets budgets,
        LoopPolicy loops,
        List<HitlRule> hitl) {

    @JsonCreator
    public BusinessConfig(
            @JsonProperty("tenant") String tenant,
            @JsonProperty("approvers") String approvers,
            @JsonProperty("allowSelfApproval") Boolean allowSelfApproval,
            @JsonProperty("tools") List<String> tools,
            @JsonProperty("permissions") List<PermissionGrant> permissions,
            @JsonProperty("bounds") Bounds bounds,
            @JsonProperty("workflowBounds") Map<String, Bounds> workflowBounds,
            @JsonProperty("budgets") Budgets budgets,
            @JsonProperty("loops") LoopPolicy loops,
            @JsonProperty("hitl") List<HitlRule> hitl) {
        this.tenant = tenant;
        this.approvers = approvers;
        this.allowSelfApproval = Boolean.TRUE.equals(allowSelfApproval);
        this.tools = tools == null ? List.of() : List.copyOf(tools);
        this.permissions = permissions == null ? List.of() : List.copyOf(permissions);
        this.bounds = bounds;
        this.workflowBounds = workflowBounds == null ? Map.of() : Map.copyOf(workflowBounds);
        this.budgets = budgets;
        this.loops = loops == null ? LoopPolicy.DEFAULT : loops;
        this.hitl = hitl == null ? List.of() : List.copyOf(hitl);
    }

    /** Whether the store enabled this exact tool, by name or by name and version. */
    public boolean enables(ToolId tool) {
        return tools.contains(tool.name()) || tools.contains(tool.toString());
    }

    /** The bounds of a run of this workflow: its overrides on top of the store's defaults. */
    public Bounds boundsFor(String workflow) {
        Bounds override = workflowBounds.get(workflow);
        return override == null ? bounds : bounds.overriddenBy(override);
    }

    /** The approval rules that name this tool, in the order written. */
    public List<HitlRule> hitlRulesFor(ToolId tool) {
        return hitl.stream().filter(rule -> rule.matches(tool)).toList();
    }

    /**
     * A grant of actions (tool scopes) on tools to a principal. Patterns use {@code *} for "any characters":
     * {@code workflow:*}, {@code printful.order.*}, {@code fulfilment:*}.
     */
    public record PermissionGrant(String principal, List<String> tools, List<String> scopes) {

        @JsonCreator
        public PermissionGrant(
                @JsonProperty("principal") String principal,
                @JsonProperty("tools") List<String> tools,
                @JsonProperty("scopes") List<String> scopes) {
            this.principal = principal;
            this.tools = tools == null ? List.of() : List.copyOf(tools);
            this.scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        public boolean covers(String principal, ToolId tool, String scope) {
            return Patterns.matches(this.principal, principal)
                    && tools.stream().anyMatch(pattern -> Patterns.matchesTool(pattern, tool))
                    && scopes.stream().anyMatch(pattern -> Patterns.matches(pattern, scope));
        }
    }

    /**
     * The limits of one run (one workflow instance). In overrides a missing value means "as the default".
     *
     * @param maxMoneyAtRisk the most a run may move in FINANCIAL calls, in the store currency's minor unit
     */
    public record Bounds(Long maxSteps, Duration maxTime, Long maxTokens, Long maxToolCalls, Long maxMoneyAtRisk) {

        @JsonCreator
        public Bounds(
                @JsonProperty("maxSteps") Long maxSteps,
                @JsonProperty("maxTime") Duration maxTime,
                @JsonProperty("maxTokens") Long maxTokens,
                @JsonProperty("maxToolCalls") Long maxToolCalls,
                @JsonProperty("maxMoneyAtRisk") Long maxMoneyAtRisk) {
            this.maxSteps = maxSteps;
            this.maxTime = maxTime;
            this.maxTokens = maxTokens;
            this.maxToolCalls = maxToolCalls;
            this.maxMoneyAtRisk = maxMoneyAtRisk;
        }

        Bounds overriddenBy(Bounds override) {
            return new Bounds(
                    Objects.requireNonNullElse(override.maxSteps, maxSteps),
                    Objects.requireNonNullElse(override.maxTime, maxTime),
                    Objects.requireNonNullElse(override.maxTokens, maxTokens),
                    Objects.requireNonNullElse(override.maxToolCalls, maxToolCalls),
                    Objects.requireNonNullElse(override.maxMoneyAtRisk, maxMoneyAtRisk));
        }
    }

    /** @param maxMoneyAtRiskPerDay the most all of the store's runs may move in FINANCIAL calls in one UTC day */
    public record Budgets(Long maxMoneyAtRiskPerDay) {

        @JsonCreator
        public Budgets(@JsonProperty("maxMoneyAtRiskPerDay") Long maxMoneyAtRiskPerDay) {
            this.maxMoneyAtRiskPerDay = maxMoneyAtRiskPerDay;
        }
    }

    /**
     * @param window how many of the run's latest calls are looked at
     * @param maxIdenticalCalls how often one call (same tool, same arguments) may occur in the window
     * @param maxSequenceRepeats how often a sequence of calls may repeat back to back
     * @param retryAllowlist tools that legitimately repeat (polling), with their own limit
     */
    public record LoopPolicy(
            int window, int maxIdenticalCalls, int maxSequenceRepeats, List<RetryAllowance> retryAllowlist) {

        public static final LoopPolicy DEFAULT = new LoopPolicy(20, 3, 3, List.of());

        @JsonCreator
        public LoopPolicy(
                @JsonProperty("window") Integer window,
                @JsonProperty("maxIdenticalCalls") Integer maxIdenticalCalls,
                @JsonProperty("maxSequenceRepeats") Integer maxSequenceRepeats,
                @JsonProperty("retryAllowlist") List<RetryAllowance> retryAllowlist) {
            this(
                    window == null ? 20 : window,
                    maxIdenticalCalls == null ? 3 : maxIdenticalCalls,
                    maxSequenceRepeats == null ? 3 : maxSequenceRepeats,
                    retryAllowlist);
        }

        public LoopPolicy {
            retryAllowlist = retryAllowlist == null ? List.of() : List.copyOf(retryAllowlist);
        }

        /** The most times this tool's identical call may occur in the window. */
        public int maxIdenticalCallsOf(ToolId tool) {
            return allowance(tool).map(RetryAllowance::maxIdenticalCalls).orElse(maxIdenticalCalls);
        }

        public boolean isAllowlisted(ToolId tool) {
            return allowance(tool).isPresent();
        }

        private Optional<RetryAllowance> allowance(ToolId tool) {
            return retryAllowlist.stream()
                    .filter(allowance -> Patterns.matchesTool(allowance.tool(), tool))
                    .findFirst();
        }
    }

    public record RetryAllowance(String tool, int maxIdenticalCalls) {

        @JsonCreator
        public RetryAllowance(
                @JsonProperty("tool") String tool, @JsonProperty("maxIdenticalCalls") int maxIdenticalCalls) {
            this.tool = tool;
            this.maxIdenticalCalls = maxIdenticalCalls;
        }
    }

    /** Whether a person must approve; AUTO_APPROVE is never valid for a FINANCIAL tool (CC-04). */
    public enum HitlAction {
        REQUIRE_APPROVAL,
        AUTO_APPROVE
    }

    /**
     * When a call needs a person's approval first.
     *
     * @param tool the tool (name, name@version or pattern)
     * @param action what the rule does
     * @param when a condition over the call's facts (e.g. {@code amount > 5000 || order.customer.orderCount < 2});
     *     absent means always; FINANCIAL tools must not have one
     * @param timeout how long an approver has; a FINANCIAL approval that times out fails, it never approves
     */
    public record HitlRule(String tool, HitlAction action, String when, Duration timeout) {

        @JsonCreator
        public HitlRule(
                @JsonProperty("tool") String tool,
                @JsonProperty("action") HitlAction action,
                @JsonProperty("when") String when,
                @JsonProperty("timeout") Duration timeout) {
            this.tool = tool;
            this.action = action;
            this.when = when == null || when.isBlank() ? null : when.trim();
            this.timeout = timeout;
        }

        public boolean matches(ToolId id) {
            return tool != null && Patterns.matchesTool(tool, id);
        }

        public boolean unconditional() {
            return when == null || when.equals("true");
        }
    }
}
