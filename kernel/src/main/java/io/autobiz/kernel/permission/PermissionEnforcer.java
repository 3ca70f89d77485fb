package io.autobiz.kernel.permission;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.config.BusinessConfig;
import io.autobiz.kernel.config.BusinessConfig.PermissionGrant;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Step 3 of the pipeline: allows a call only under a grant of the store's config (deny by default). */
public final class PermissionEnforcer {

    private static final Logger log = LoggerFactory.getLogger(PermissionEnforcer.class);

    private final MeterRegistry meters;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();
    /**
     * Decisions by config hash, principal and tool: a config never changes (a replacement has another hash), so a
     * decision once made holds; remembering it keeps pattern matching off the hot path.
     */
    private final Map<DecisionKey, Boolean> decisions = new ConcurrentHashMap<>();

    /** Records, not concatenated strings: the key is built on every call, and a record costs no string copying. */
    private record DecisionKey(String configSha256, String principal, ToolId tool) {}

    private record CounterKey(String name, ToolId tool) {}

    private static final int MAX_REMEMBERED_DECISIONS = 10_000;

    public PermissionEnforcer(MeterRegistry meters) {
        this.meters = meters;
    }

    private Counter counter(String name, ToolContract tool) {
        return counters.computeIfAbsent(
                new CounterKey(name, tool.id()),
                key -> meters.counter(name, "tool", tool.id().name(), "action", tool.scope()));
    }

    /** Decides without refusing: for explanations (admin API, tests). */
    public PermissionDecision decide(RunContext run, ToolContract tool, BusinessConfig config) {
        String tenant = run.tenant().value();
        String name = tool.id().toString();
        if (!config.enables(tool.id())) {
            return new PermissionDecision(
                    tenant, run.principal(), name, tool.scope(), false, "the store has not enabled " + name);
        }
        Optional<PermissionGrant> grant = config.permissions().stream()
                .filter(candidate -> candidate.covers(run.principal(), tool.id(), tool.scope()))
                .findFirst();
        return grant.map(g -> new PermissionDecision(
                        tenant, run.principal(), name, tool.scope(), true, "granted to " + g.principal()))
                .orElseGet(() -> new PermissionDecision(
                        tenant,
                        run.principal(),
                        name,
                        tool.scope(),
                        false,
                        "no grant gives " + run.principal() + " '" + tool.scope() + "' on " + name));
    }

    /**
     * Refuses with PERMISSION_DENIED unless a grant allows the call. The allowed case is the hot path: it only looks
     * the grant up and counts; the explanation is built for a denial.
     */
    public void check(RunContext run, ToolContract tool, ActiveConfig active) {
        BusinessConfig config = active.config();
        if (decisions.size() > MAX_REMEMBERED_DECISIONS) {
            decisions.clear();
        }
        boolean allowed = decisions.computeIfAbsent(
                new DecisionKey(active.sha256(), run.principal(), tool.id()),
                key -> config.enables(tool.id())
                        && config.permissions().stream()
                                .anyMatch(grant -> grant.covers(run.principal(), tool.id(), tool.scope())));
        if (allowed) {
            counter("permission_check_pass_total", tool).increment();
            return;
        }
        PermissionDecision decision = decide(run, tool, config);
        counter("permission_check_deny_total", tool).increment();
        log.warn(
                "permission denied: tenant={} principal={} tool={} action={} reason={}",
                decision.tenant(),
                decision.principal(),
                decision.tool(),
                decision.action(),
                decision.reason());
        throw KernelError.of(
                ErrorCode.PERMISSION_DENIED,
                decision.reason(),
                Map.of(
                        "tenant", decision.tenant(),
                        "principal", decision.principal(),
                        "tool", decision.tool(),
                        "action", decision.action()));
    }
}
