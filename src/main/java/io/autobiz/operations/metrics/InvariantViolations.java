package io.autobiz.operations.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.List;
import java.util.function.Function;

/**
 * {@code invariant_violation_total{invariant,kind}}: the invariants INV-01..08 in one place, counted from the meters
 * the kernel and the deploy gate already keep where they enforce them. {@code kind="refused"}: an attempt that was
 * stopped (the invariant held; someone or something tried); {@code kind="breach"}: a check found that it did not hold
 * (a broken receipt or evidence chain, a replay that does not reproduce the state); {@code kind="override"}: a deploy
 * an administrator forced past the gate.
 *
 * <table>
 *   <caption>Sources</caption>
 *   <tr><td>INV-01 refused</td><td>{@code kernel_refusal_total{code="SCHEMA_INVALID"}}</td></tr>
 *   <tr><td>INV-02 refused</td><td>{@code kernel_refusal_total{code="PERMISSION_DENIED"}}</td></tr>
 *   <tr><td>INV-03 refused</td><td>{@code bound_violation_total} (bounds and loops)</td></tr>
 *   <tr><td>INV-04 breach</td><td>{@code evidence_verified_total{outcome="broken"}}</td></tr>
 *   <tr><td>INV-05 refused</td><td>{@code kernel_refusal_total{code="IDEMPOTENCY_CONFLICT"}}</td></tr>
 *   <tr><td>INV-05 breach</td><td>{@code receipt_chain_verified_total{outcome="broken"}}</td></tr>
 *   <tr><td>INV-06 refused</td><td>{@code cross_tenant_attempt_total} (security incidents)</td></tr>
 *   <tr><td>INV-06 breach</td><td>{@code replay_mismatch_total}</td></tr>
 *   <tr><td>INV-07 refused</td><td>{@code hitl_decision_refused_total} (a decision by someone not allowed)</td></tr>
 *   <tr><td>INV-08 refused</td><td>{@code deploy_gate_decision_total{outcome="refused"}} (a deploy without passing
 *   evidence)</td></tr>
 *   <tr><td>INV-08 override</td><td>{@code deploy_gate_decision_total{outcome="overridden"}}</td></tr>
 * </table>
 */
public final class InvariantViolations {

    private record Source(String invariant, String kind, Function<MeterRegistry, Search> counters) {}

    private static final List<Source> SOURCES = List.of(
            new Source("INV-01", "refused", refusals("SCHEMA_INVALID")),
            new Source("INV-02", "refused", refusals("PERMISSION_DENIED")),
            new Source("INV-03", "refused", meters -> meters.find("bound_violation_total")),
            new Source(
                    "INV-04",
                    "breach",
                    meters -> meters.find("evidence_verified_total").tag("outcome", "broken")),
            new Source("INV-05", "refused", refusals("IDEMPOTENCY_CONFLICT")),
            new Source(
                    "INV-05",
                    "breach",
                    meters -> meters.find("receipt_chain_verified_total").tag("outcome", "broken")),
            new Source("INV-06", "refused", meters -> meters.find("cross_tenant_attempt_total")),
            new Source("INV-06", "breach", meters -> meters.find("replay_mismatch_total")),
            new Source("INV-07", "refused", meters -> meters.find("hitl_decision_refused_total")),
            new Source("INV-08", "refused", deployGate("refused")),
            new Source("INV-08", "override", deployGate("overridden")));

    private InvariantViolations() {}

    /** Registers one function counter per invariant and kind; each reads its sources at scrape time. */
    public static void register(MeterRegistry meters) {
        for (Source source : SOURCES) {
            FunctionCounter.builder(
                            "invariant_violation_total",
                            meters,
                            registry -> sum(source.counters().apply(registry)))
                    .description("attempts to break an invariant the kernel refused, and breaches checks found")
                    .tags("invariant", source.invariant(), "kind", source.kind())
                    .register(meters);
        }
    }

    private static Function<MeterRegistry, Search> refusals(String code) {
        return meters -> meters.find("kernel_refusal_total").tag("code", code);
    }

    private static Function<MeterRegistry, Search> deployGate(String outcome) {
        return meters -> meters.find("deploy_gate_decision_total").tag("outcome", outcome);
    }

    private static double sum(Search search) {
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }
}
