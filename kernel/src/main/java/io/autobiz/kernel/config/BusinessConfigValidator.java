package io.autobiz.kernel.config;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.config.BusinessConfig.Bounds;
import io.autobiz.kernel.config.BusinessConfig.HitlAction;
import io.autobiz.kernel.config.BusinessConfig.HitlRule;
import io.autobiz.kernel.config.BusinessConfig.PermissionGrant;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolId;
import io.autobiz.kernel.tool.ToolRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The compile checks (P1-TASK-17) of a store's config against the tools that exist and the workflows that are
 * deployed. Deterministic: the same inputs give the same violations in the same order, and every violation is
 * reported, not only the first.
 *
 * <ul>
 *   <li>CC-01 tool closure: every tool the config or a workflow names exists, and every tool a workflow calls is
 *       enabled for the store;
 *   <li>CC-02 bounds present: every run bound and the daily money budget are set and positive;
 *   <li>CC-03 scopes present: every enabled tool is granted to someone, and every tool a workflow calls is granted to
 *       that workflow's principal for the tool's scope;
 *   <li>CC-04 FINANCIAL needs approval: every FINANCIAL tool in use has an unconditional REQUIRE_APPROVAL rule with a
 *       timeout, and no AUTO_APPROVE rule matches it;
 *   <li>CC-05 every path from a start event to a FINANCIAL task passes an approval task.
 * </ul>
 */
@KernelApi
public final class BusinessConfigValidator {

    public List<ConfigViolation> validate(
            BusinessConfig config, Collection<ToolContract> catalog, Collection<ProcessGraph> processes) {
        Catalog tools = new Catalog(catalog);
        List<ConfigViolation> violations = new ArrayList<>();
        structure(config, violations);
        toolClosure(config, tools, processes, violations);
        boundsPresent(config, violations);
        scopesPresent(config, tools, processes, violations);
        financialNeedsApproval(config, tools, processes, violations);
        financialPathsPassApproval(tools, processes, violations);
        return violations;
    }

    private static void structure(BusinessConfig config, List<ConfigViolation> out) {
        if (config.tenant() == null || config.tenant().isBlank()) {
            out.add(new ConfigViolation("CONFIG_SYNTAX", "tenant", "name the store this config belongs to"));
        }
        if (config.approvers() == null || config.approvers().isBlank()) {
            out.add(new ConfigViolation("CONFIG_SYNTAX", "approvers", "name the store's approvers group"));
        }
        for (int i = 0; i < config.hitl().size(); i++) {
            HitlRule rule = config.hitl().get(i);
            if (rule.action() == null) {
                out.add(new ConfigViolation(
                        "CONFIG_SYNTAX", "hitl[" + i + "].action", "REQUIRE_APPROVAL or AUTO_APPROVE"));
            }
            if (rule.when() != null) {
                try {
                    ConditionExpr.parse(rule.when());
                } catch (ConditionExpr.InvalidCondition e) {
                    out.add(new ConfigViolation("CONDITION_INVALID", "hitl[" + i + "].when", e.getMessage()));
                }
            }
        }
        LoopPolicyCheck.check(config.loops(), out);
    }

    private static void toolClosure(
            BusinessConfig config, Catalog tools, Collection<ProcessGraph> processes, List<ConfigViolation> out) {
        for (int i = 0; i < config.tools().size(); i++) {
            String name = config.tools().get(i);
            if (tools.resolve(name).isEmpty()) {
                out.add(new ConfigViolation("CC-01", "tools[" + i + "]", "no tool '" + name + "' exists"));
            }
        }
        for (int i = 0; i < config.permissions().size(); i++) {
            List<String> patterns = config.permissions().get(i).tools();
            for (int j = 0; j < patterns.size(); j++) {
                if (!tools.anyMatches(patterns.get(j))) {
                    out.add(new ConfigViolation(
                            "CC-01",
                            "permissions[" + i + "].tools[" + j + "]",
                            "'" + patterns.get(j) + "' matches no existing tool"));
                }
            }
        }
        for (int i = 0; i < config.hitl().size(); i++) {
            String pattern = config.hitl().get(i).tool();
            if (pattern == null || !tools.anyMatches(pattern)) {
                out.add(new ConfigViolation(
                        "CC-01", "hitl[" + i + "].tool", "'" + pattern + "' matches no existing tool"));
            }
        }
        for (ProcessGraph process : processes) {
            for (ProcessGraph.Node task : process.toolTasks()) {
                String where = process.processKey() + "/" + task.id();
                Optional<ToolContract> tool = tools.resolve(task.tool());
                if (tool.isEmpty()) {
                    out.add(new ConfigViolation("CC-01", where, "calls '" + task.tool() + "', which does not exist"));
                } else if (!config.enables(tool.get().id())) {
                    out.add(new ConfigViolation(
                            "CC-01",
                            where,
                            "calls " + tool.get().id() + ", which the store has not enabled (add it to 'tools')"));
                }
            }
        }
    }

    private static void boundsPresent(BusinessConfig config, List<ConfigViolation> out) {
        Bounds bounds = config.bounds();
        if (bounds == null) {
            out.add(new ConfigViolation("CC-02", "bounds", "every store needs run bounds"));
        } else {
            positive(bounds.maxSteps(), "bounds.maxSteps", true, out);
            positive(bounds.maxTime(), "bounds.maxTime", true, out);
            positive(bounds.maxTokens(), "bounds.maxTokens", true, out);
            positive(bounds.maxToolCalls(), "bounds.maxToolCalls", true, out);
            positive(bounds.maxMoneyAtRisk(), "bounds.maxMoneyAtRisk", true, out);
        }
        for (Map.Entry<String, Bounds> override : new TreeMap<>(config.workflowBounds()).entrySet()) {
            String where = "workflowBounds." + override.getKey();
            Bounds value = override.getValue();
            positive(value.maxSteps(), where + ".maxSteps", false, out);
            positive(value.maxTime(), where + ".maxTime", false, out);
            positive(value.maxTokens(), where + ".maxTokens", false, out);
            positive(value.maxToolCalls(), where + ".maxToolCalls", false, out);
            positive(value.maxMoneyAtRisk(), where + ".maxMoneyAtRisk", false, out);
        }
        if (config.budgets() == null) {
            out.add(new ConfigViolation("CC-02", "budgets", "set budgets.maxMoneyAtRiskPerDay"));
        } else {
            positive(config.budgets().maxMoneyAtRiskPerDay(), "budgets.maxMoneyAtRiskPerDay", true, out);
        }
    }

    private static void positive(Object value, String where, boolean required, List<ConfigViolation> out) {
        if (value == null) {
            if (required) {
                out.add(new ConfigViolation("CC-02", where, "is missing"));
            }
            return;
        }
        boolean ok = value instanceof Duration duration
                ? !duration.isNegative() && !duration.isZero()
                : ((Number) value).longValue() > 0;
        if (!ok) {
            out.add(new ConfigViolation("CC-02", where, "must be greater than zero, is " + value));
        }
    }

    private static void scopesPresent(
            BusinessConfig config, Catalog tools, Collection<ProcessGraph> processes, List<ConfigViolation> out) {
        for (String name : config.tools()) {
            tools.resolve(name).ifPresent(tool -> {
                boolean granted = config.permissions().stream().anyMatch(grant -> coversToolAndScope(grant, tool));
                if (!granted) {
                    out.add(new ConfigViolation(
                            "CC-03",
                            "tools: " + name,
                            "enabled but no permission grants its scope '" + tool.scope() + "' to anyone"));
                }
            });
        }
        for (ProcessGraph process : processes) {
            String principal = "workflow:" + process.processKey();
            for (ProcessGraph.Node task : process.toolTasks()) {
                tools.resolve(task.tool()).ifPresent(tool -> {
                    boolean granted = config.permissions().stream()
                            .anyMatch(grant -> grant.covers(principal, tool.id(), tool.scope()));
                    if (!granted) {
                        out.add(new ConfigViolation(
                                "CC-03",
                                process.processKey() + "/" + task.id(),
                                principal + " has no grant for " + tool.id() + " (scope '" + tool.scope() + "')"));
                    }
                });
            }
        }
    }

    private static boolean coversToolAndScope(PermissionGrant grant, ToolContract tool) {
        return grant.tools().stream().anyMatch(pattern -> Patterns.matchesTool(pattern, tool.id()))
                && grant.scopes().stream().anyMatch(pattern -> Patterns.matches(pattern, tool.scope()));
    }

    private static void financialNeedsApproval(
            BusinessConfig config, Catalog tools, Collection<ProcessGraph> processes, List<ConfigViolation> out) {
        NavigableMap<String, ToolContract> inUse = new TreeMap<>();
        config.tools()
                .forEach(name -> tools.resolve(name)
                        .ifPresent(tool -> inUse.put(tool.id().toString(), tool)));
        for (ProcessGraph process : processes) {
            process.toolTasks()
                    .forEach(task -> tools.resolve(task.tool())
                            .ifPresent(tool -> inUse.put(tool.id().toString(), tool)));
        }
        for (ToolContract tool : inUse.values()) {
            if (tool.sideEffect() != SideEffect.FINANCIAL) {
                continue;
            }
            List<HitlRule> rules = config.hitlRulesFor(tool.id());
            for (HitlRule rule : rules) {
                if (rule.action() == HitlAction.AUTO_APPROVE) {
                    out.add(new ConfigViolation(
                            "CC-04",
                            "hitl: " + rule.tool(),
                            tool.id() + " is FINANCIAL and can never be auto-approved"));
                }
            }
            Optional<HitlRule> required = rules.stream()
                    .filter(rule -> rule.action() == HitlAction.REQUIRE_APPROVAL)
                    .findFirst();
            if (required.isEmpty()) {
                out.add(new ConfigViolation(
                        "CC-04", "hitl", tool.id() + " is FINANCIAL and needs a REQUIRE_APPROVAL rule"));
            } else {
                if (!required.get().unconditional()) {
                    out.add(new ConfigViolation(
                            "CC-04",
                            "hitl: " + required.get().tool(),
                            tool.id() + " is FINANCIAL: its approval cannot depend on a condition ('"
                                    + required.get().when() + "')"));
                }
                if (required.get().timeout() == null
                        || required.get().timeout().isZero()
                        || required.get().timeout().isNegative()) {
                    out.add(new ConfigViolation(
                            "CC-04",
                            "hitl: " + required.get().tool(),
                            tool.id() + " needs an approval timeout (a FINANCIAL approval that times out fails)"));
                }
            }
        }
    }

    private static void financialPathsPassApproval(
            Catalog tools, Collection<ProcessGraph> processes, List<ConfigViolation> out) {
        for (ProcessGraph process : processes) {
            for (ProcessGraph.Node task : process.toolTasks()) {
                boolean financial = tools.resolve(task.tool())
                        .map(tool -> tool.sideEffect() == SideEffect.FINANCIAL)
                        .orElse(false);
                if (!financial) {
                    continue;
                }
                process.pathAvoidingApprovals(node -> node.id().equals(task.id()))
                        .ifPresent(path -> out.add(new ConfigViolation(
                                "CC-05",
                                process.processKey() + "/" + task.id(),
                                "reaches this FINANCIAL task without an approval task: " + String.join(" -> ", path))));
            }
        }
    }

    /** Tools by name and version, for resolving the names a config or a workflow writes. */
    private static final class Catalog {
        private final Map<String, NavigableMap<Integer, ToolContract>> byName;

        Catalog(Collection<ToolContract> contracts) {
            byName = contracts.stream()
                    .collect(Collectors.groupingBy(
                            contract -> contract.id().name(),
                            Collectors.toMap(
                                    contract -> contract.id().version(),
                                    contract -> contract,
                                    (a, b) -> a,
                                    TreeMap::new)));
        }

        Optional<ToolContract> resolve(String reference) {
            ToolRef ref;
            try {
                ref = ToolRef.parse(reference);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            NavigableMap<Integer, ToolContract> versions = byName.get(ref.name());
            if (versions == null) {
                return Optional.empty();
            }
            return ref.version().isPresent()
                    ? Optional.ofNullable(versions.get(ref.version().getAsInt()))
                    : Optional.of(versions.lastEntry().getValue());
        }

        boolean anyMatches(String pattern) {
            return byName.values().stream()
                    .flatMap(versions -> versions.values().stream())
                    .map(ToolContract::id)
                    .anyMatch((ToolId id) -> Patterns.matchesTool(pattern, id));
        }
    }
}
