package io.autobiz.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.bounds.BoundsEnforcer;
import io.autobiz.kernel.bounds.Fingerprints;
import io.autobiz.kernel.bounds.LoopDetector;
import io.autobiz.kernel.bounds.RunLedger;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.config.ConfigSource;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.evidence.Evidence;
import io.autobiz.kernel.evidence.EvidencePorts;
import io.autobiz.kernel.hitl.ApprovalGate;
import io.autobiz.kernel.hitl.ApprovalRequests;
import io.autobiz.kernel.idempotency.IdempotencyGuard;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.permission.PermissionEnforcer;
import io.autobiz.kernel.resilience.CircuitBreakers;
import io.autobiz.kernel.schema.CompiledSchema;
import io.autobiz.kernel.schema.SchemaViolation;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantInputGuard;
import io.autobiz.kernel.tool.RegisteredTool;
import io.autobiz.kernel.tool.ToolId;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.kernel.tool.ToolUsage;
import io.autobiz.kernel.trace.StepEvidence;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one tool call through the kernel pipeline (docs/architecture.md, "The kernel pipeline") and is the only way a
 * tool runs. Each step either passes the call on or refuses it with a {@link KernelError} before any side effect;
 * every outcome is traced.
 *
 * <p>Steps in this version: 1 registry lookup, 2 input schema, 2b no entity of another store in the input, 3
 * permission, 4 bounds and loops, 5 approval bound to the arguments' hash, 7 circuit breaker of the tool's dependency,
 * 8 execute under the tool's timeout with the run's store's credentials and the external idempotency key, 9 output
 * schema, and the evidence steps 6 idempotency, 10 receipt, 11 state version and 12 trace with redaction and cost,
 * which live in {@link Evidence}.
 */
@KernelApi
public final class KernelExecutor {

    private static final Logger log = LoggerFactory.getLogger(KernelExecutor.class);

    private final ToolRegistry registry;
    private final ConfigSource configs;
    private final PermissionEnforcer permissions;
    private final BoundsEnforcer bounds;
    private final ApprovalGate approvals;
    private final CredentialScoper credentials;
    private final TenantInputGuard tenantInputs;
    private final Traces traces;
    private final Evidence evidence;
    private final ExecutorService toolThreads;
    private final MeterRegistry meters;
    private final Clock clock;
    private final CircuitBreakers breakers;
    private final CallScope callScope;
    private final Map<ToolId, Timer> validationTimers = new ConcurrentHashMap<>();
    private final Map<ToolId, Timer> callTimers = new ConcurrentHashMap<>();
    private final Map<InvocationOutcome, Counter> invocationCounters = new ConcurrentHashMap<>();

    private record InvocationOutcome(ToolId tool, String outcome) {}

    private KernelExecutor(Builder parts) {
        this.registry = parts.required(parts.registry, "registry (tools, step 1)");
        this.configs = parts.required(parts.configs, "configs (BusinessConfig per store)");
        this.credentials = parts.required(parts.credentials, "credentials");
        this.traces = parts.required(parts.traces, "traces");
        this.toolThreads = parts.required(parts.toolThreads, "toolThreads (per-tool timeouts)");
        this.meters = parts.required(parts.meters, "meters");
        this.clock = parts.required(parts.clock, "clock");
        this.permissions = new PermissionEnforcer(meters);
        this.tenantInputs = new TenantInputGuard(
                parts.required(parts.securityIncidents, "securityIncidents (cross-tenant IDs, step 2b)"));
        this.bounds = new BoundsEnforcer(
                parts.required(parts.runLedger, "runLedger (bounds, step 4)"), new LoopDetector(), meters, clock);
        this.approvals = new ApprovalGate(parts.required(parts.approvalRequests, "approvalRequests (step 5)"));
        this.evidence = parts.inMemoryEvidence
                ? Evidence.inMemory(meters, clock)
                : Evidence.of(
                        parts.required(parts.evidencePorts, "evidence (steps 6 and 10-12), or inMemoryEvidence()"),
                        meters,
                        clock);
        this.breakers = parts.withoutCircuitBreakers
                ? CircuitBreakers.disabled(meters)
                : parts.required(parts.breakers, "breakers (step 7), or withoutCircuitBreakers()");
        this.callScope = parts.callScope;
    }

    /**
     * The kernel is assembled here, from its ports: the caller hands over where things are kept (the database's
     * ledgers, the approval requests, the evidence stores) and the tools; the pipeline's steps are built inside and
     * are not part of the face. Every port is named, and {@link Builder#build()} refuses a kernel with one left out: a
     * step cannot go missing from production wiring by a forgotten argument. The two parts that tests and benchmarks
     * of the other steps may do without are left out only by saying so ({@link Builder#inMemoryEvidence()}, {@link
     * Builder#withoutCircuitBreakers()}).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The ports of a {@link KernelExecutor}; see {@link #builder()}. */
    public static final class Builder {

        private ToolRegistry registry;
        private ConfigSource configs;
        private RunLedger runLedger;
        private ApprovalRequests approvalRequests;
        private SecurityIncidents securityIncidents;
        private CredentialScoper credentials;
        private Traces traces;
        private EvidencePorts evidencePorts;
        private boolean inMemoryEvidence;
        private ExecutorService toolThreads;
        private MeterRegistry meters;
        private Clock clock;
        private CircuitBreakers breakers;
        private boolean withoutCircuitBreakers;
        private CallScope callScope = CallScope.NONE;

        private Builder() {}

        /**
         * The unit of work calls are made in (the engine's job), so that a completed call whose job is rolled back and
         * run again is not remembered twice by the loop detector, and its idempotency claim, completed in the rolled
         * back work, is not left in flight. Without it ({@link CallScope#NONE}) calls are taken as never rolled back.
         */
        public Builder callScope(CallScope callScope) {
            this.callScope = Objects.requireNonNull(callScope);
            return this;
        }

        /** Steps 1, 2 and 9: the tools and their contracts' schemas. */
        public Builder registry(ToolRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder configs(ConfigSource configs) {
            this.configs = configs;
            return this;
        }

        /** Step 4: what each run has spent so far, which the bounds and the loop detector read. */
        public Builder runLedger(RunLedger runLedger) {
            this.runLedger = runLedger;
            return this;
        }

        /** Step 5: the approval requests a FINANCIAL call is checked against. */
        public Builder approvalRequests(ApprovalRequests approvalRequests) {
            this.approvalRequests = approvalRequests;
            return this;
        }

        /** Step 2b: where an input naming another store's entity is reported. */
        public Builder securityIncidents(SecurityIncidents securityIncidents) {
            this.securityIncidents = securityIncidents;
            return this;
        }

        public Builder credentials(CredentialScoper credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder traces(Traces traces) {
            this.traces = traces;
            return this;
        }

        /** Steps 6 and 10–12: where idempotency records, receipts and state versions are kept, and their settings. */
        public Builder evidence(EvidencePorts evidence) {
            this.evidencePorts = evidence;
            this.inMemoryEvidence = false;
            return this;
        }

        /** Idempotency, receipts and state kept in memory: for tests and benchmarks of the other steps only. */
        public Builder inMemoryEvidence() {
            this.inMemoryEvidence = true;
            this.evidencePorts = null;
            return this;
        }

        /** The threads tool calls run on, so that a per-tool timeout can abandon a call for real. */
        public Builder toolThreads(ExecutorService toolThreads) {
            this.toolThreads = toolThreads;
            return this;
        }

        public Builder meters(MeterRegistry meters) {
            this.meters = meters;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Step 7: one breaker per dependency. */
        public Builder breakers(CircuitBreakers breakers) {
            this.breakers = breakers;
            this.withoutCircuitBreakers = false;
            return this;
        }

        /** No step 7: every dependency is always admitted. For tests and benchmarks of the other steps only. */
        public Builder withoutCircuitBreakers() {
            this.withoutCircuitBreakers = true;
            this.breakers = null;
            return this;
        }

        /** @throws IllegalStateException naming the first part left out */
        public KernelExecutor build() {
            return new KernelExecutor(this);
        }

        private <T> T required(T part, String name) {
            if (part == null) {
                throw new IllegalStateException("a KernelExecutor needs its " + name);
            }
            return part;
        }
    }

    /**
     * A run ended (its process instance completed, failed or was cancelled): how many steps it took and how it ended are
     * counted from its bounds' ledger. The engine's end listener calls this once per process instance.
     */
    public void runEnded(RunContext run) {
        bounds.runEnded(run);
    }

    /**
     * Runs one call through the pipeline. Steps 1–7 may refuse, and do so before anything leaves the kernel; step 8 is
     * the side effect; steps 9–12 check and record what it did. Every outcome, refusal included, is traced.
     */
    public ToolResult execute(RunContext run, ToolCall call) {
        return evidence.observe(run, call.tool().toString(), () -> executeSteps(run, call));
    }

    private ToolResult executeSteps(RunContext run, ToolCall call) {
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        Admission admission = new Admission(call.tool().toString());
        try {
            admit(run, call, admission); // 1-5
            RegisteredTool tool = admission.tool;
            Optional<IdempotencyGuard.Claim> claim = evidence.claim(run, tool.contract(), call.input()); // 6
            if (claim.orElse(null) instanceof IdempotencyGuard.Replay replay) {
                StepEvidence replayed = evidence.replayed(tool.contract(), call.input(), replay.output());
                traceSuccess(run, admission.toolName, started, startedAt, admission.configSha256(), replayed);
                count(tool.id(), "replayed");
                return new ToolResult(tool.id(), replay.output(), true, new ToolUsage());
            }
            ToolUsage usage = new ToolUsage();
            ObjectNode output;
            try {
                CircuitBreakers.Permit permit = breakers.admit(tool.contract().dependency()); // 7
                long calling = System.nanoTime();
                output = invokeThrough(permit, tool, run, call.input(), usage, Evidence.externalKey(claim)); // 8
                callTimer(tool.id()).record(System.nanoTime() - calling, TimeUnit.NANOSECONDS);
                bounds.recordCompleted(run, admission.fingerprint, usage.totalTokens(), admission.config);
                String completed = admission.fingerprint;
                callScope.afterRollback(() -> bounds.forgetForLoops(run, completed));
                checkOutput(tool, output); // 9 OUTPUT_INVALID
            } catch (RuntimeException failed) {
                Optional<ObjectNode> unknown = outcomeUnknown(tool, failed);
                if (unknown.isEmpty()) {
                    evidence.release(run, claim); // a retry need not wait for the claim's lease
                    throw failed;
                }
                // The provider may have acted and cannot tell a retry from a new call: recorded, not made again.
                output = unknown.get();
                checkOutput(tool, output);
                log.warn(
                        "tool call outcome unknown, recorded and not retried: tenant={} run={} correlation={} tool={}"
                                + " code={}",
                        run.tenant(),
                        run.runId(),
                        run.correlationId(),
                        admission.toolName,
                        ((KernelError) failed).qualifiedCode());
                count(tool.id(), "outcome_unknown");
            }
            StepEvidence recorded = evidence.record( // 10 receipt, 11 state, cost; completes 6
                    run, tool.contract(), call.input(), output, usage, claim, startedAt);
            ObjectNode made = output;
            if (claim.isPresent()) { // a claimed (WRITE, FINANCIAL) call: a READ leaves nothing to undo
                callScope.afterRollback(() -> evidence.rolledBack(run, tool.contract(), claim, made));
            }
            traceSuccess(run, admission.toolName, started, startedAt, admission.configSha256(), recorded); // 12
            count(tool.id(), "ok");
            return new ToolResult(tool.id(), output, false, usage);
        } catch (KernelError refusal) {
            traceRefusal(run, admission.toolName, refusal, started, startedAt, admission.configSha256());
            throw refusal;
        }
    }

    /**
     * The output to record for a call that timed out, when its tool's provider cannot deduplicate a retry (the
     * contract's {@link io.autobiz.kernel.tool.ToolContract#outcomeWhenUnknown()}); empty for every other failure.
     */
    private static Optional<ObjectNode> outcomeUnknown(RegisteredTool tool, RuntimeException failed) {
        if (failed instanceof KernelError error && error.code() == ErrorCode.TOOL_TIMEOUT) {
            return tool.contract().outcomeWhenUnknown();
        }
        return Optional.empty();
    }

    /** What the admission steps learned about a call, kept for tracing even when a later step refuses it. */
    static final class Admission {
        String toolName;
        RegisteredTool tool;
        ActiveConfig config;
        String fingerprint;

        Admission(String toolName) {
            this.toolName = toolName;
        }

        String configSha256() {
            return config == null ? null : config.sha256();
        }
    }

    /**
     * The steps that may refuse a call before anything leaves the kernel, in their order. Package-visible so the
     * benchmark measures exactly this code.
     */
    void admit(RunContext run, ToolCall call, Admission admission) {
        admission.tool = registry.resolve(call.tool()); // 1 TOOL_UNKNOWN
        admission.toolName = admission.tool.id().toString();
        long inputFingerprint = checkInput(admission.tool, call.input()); // 2 SCHEMA_INVALID
        tenantInputs.check(run, admission.toolName, admission.tool.contract().inputSchema(), call.input()); // 2b
        admission.config = activeConfig(run);
        permissions.check(run, admission.tool.contract(), admission.config); // 3 PERMISSION_DENIED
        admission.fingerprint = Fingerprints.of(admission.tool.id(), inputFingerprint);
        bounds.charge(run, admission.tool.contract(), call.input(), admission.fingerprint, admission.config); // 4
        approvals.check(run, admission.tool, call.input(), admission.config.config()); // 5 APPROVAL_REQUIRED
    }

    /** No valid config, no calls: a store without one is denied everything (deny by default). */
    private ActiveConfig activeConfig(RunContext run) {
        return configs.activeFor(run.tenant())
                .orElseThrow(() -> KernelError.of(
                        ErrorCode.PERMISSION_DENIED,
                        "store " + run.tenant() + " has no valid BusinessConfig; every call is refused",
                        Map.of("tenant", run.tenant().value())));
    }

    private void traceSuccess(
            RunContext run,
            String toolName,
            long started,
            Instant startedAt,
            String configSha256,
            StepEvidence stepEvidence) {
        traces.append(new TraceEvent(
                run,
                TraceEvent.Kind.TOOL_CALL,
                toolName,
                TraceEvent.Outcome.OK,
                null,
                null,
                elapsedSince(started),
                startedAt,
                configSha256,
                stepEvidence));
    }

    /** Refusals are written in their own transaction: the step they stop rolls back, the explanation must not. */
    private void traceRefusal(
            RunContext run,
            String toolName,
            KernelError refusal,
            long started,
            Instant startedAt,
            String configSha256) {
        traces.appendDetached(new TraceEvent(
                run,
                TraceEvent.Kind.REFUSAL,
                toolName,
                refusal.retryable() ? TraceEvent.Outcome.FAILED : TraceEvent.Outcome.REFUSED,
                refusal.qualifiedCode(),
                safeDetail(refusal),
                elapsedSince(started),
                startedAt,
                configSha256));
        meters.counter("kernel_refusal_total", "code", refusal.qualifiedCode(), "tool", toolName)
                .increment();
        log.info(
                "tool call refused: tenant={} run={} correlation={} principal={} tool={} code={}",
                run.tenant(),
                run.runId(),
                run.correlationId(),
                run.principal(),
                toolName,
                refusal.qualifiedCode());
    }

    /** Validates the input and returns its fingerprint for loop detection, computed in the same walk. */
    private long checkInput(RegisteredTool tool, ObjectNode input) {
        long started = System.nanoTime();
        CompiledSchema.Checked checked = tool.input().check(input);
        List<SchemaViolation> violations = checked.violations();
        validationTimers
                .computeIfAbsent(tool.id(), id -> meters.timer("tool_validation_seconds", "tool", id.name()))
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (!violations.isEmpty()) {
            throw KernelError.of(
                    ErrorCode.SCHEMA_INVALID,
                    "input of " + tool.id() + " is invalid at " + where(violations),
                    Map.of("violations", violations));
        }
        return checked.fingerprint();
    }

    private void checkOutput(RegisteredTool tool, ObjectNode output) {
        List<SchemaViolation> violations = tool.output().validate(output);
        if (!violations.isEmpty()) {
            throw KernelError.of(
                    ErrorCode.OUTPUT_INVALID,
                    tool.id() + " answered with output that breaks its contract at " + where(violations),
                    Map.of("violations", violations));
        }
    }

    /** Step 8, reported to the breaker: only a failure of the dependency itself (5xx, network, timeout) counts. */
    private ObjectNode invokeThrough(
            CircuitBreakers.Permit permit,
            RegisteredTool tool,
            RunContext run,
            ObjectNode input,
            ToolUsage usage,
            Optional<String> externalKey) {
        long started = System.nanoTime();
        try {
            ObjectNode output = invoke(tool, run, input, usage, externalKey);
            permit.succeeded(elapsedSince(started));
            return output;
        } catch (KernelError e) {
            if (e.code() == ErrorCode.PROVIDER_UNAVAILABLE || e.code() == ErrorCode.TOOL_TIMEOUT) {
                permit.failed(elapsedSince(started), e);
            } else {
                permit.succeeded(elapsedSince(started));
            }
            throw e;
        }
    }

    /**
     * Runs the tool on a kernel thread and waits at most the contract's timeout. On timeout the thread is interrupted,
     * which aborts a blocking HTTP exchange, and whatever the tool returns afterwards is discarded.
     */
    private ObjectNode invoke(
            RegisteredTool tool, RunContext run, ObjectNode input, ToolUsage usage, Optional<String> externalKey) {
        Duration timeout = tool.contract().timeout();
        ToolInvocation invocation = new ToolInvocation(
                run.tenant(),
                input.deepCopy(),
                run.correlationId(),
                externalKey,
                timeout,
                credentials.scopeFor(run.tenant(), tool.contract().dependency(), run.principal()),
                usage);
        Future<ObjectNode> pending = toolThreads.submit(() -> tool.tool().invoke(invocation));
        try {
            ObjectNode output = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (output == null) {
                throw KernelError.of(ErrorCode.OUTPUT_INVALID, tool.id() + " answered with nothing");
            }
            return output;
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw KernelError.of(
                    ErrorCode.TOOL_TIMEOUT,
                    tool.id() + " did not answer within " + timeout.toMillis() + " ms; the call was aborted",
                    Map.of("timeoutMillis", timeout.toMillis()));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw KernelError.of(ErrorCode.KERNEL_FAILURE, "interrupted while waiting for " + tool.id(), Map.of(), e);
        } catch (CancellationException e) {
            throw KernelError.of(ErrorCode.KERNEL_FAILURE, "the call to " + tool.id() + " was cancelled", Map.of(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KernelError kernelError) {
                throw kernelError;
            }
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    tool.id() + " failed: " + cause.getClass().getSimpleName(),
                    Map.of(),
                    cause);
        }
    }

    /** {@code tool_call_seconds{tool}}: the provider call itself, with a histogram for its p95 per tool. */
    private Timer callTimer(ToolId tool) {
        return callTimers.computeIfAbsent(
                tool,
                id -> Timer.builder("tool_call_seconds")
                        .description("duration of step 8, the tool's own call, for calls that answered")
                        .tag("tool", id.name())
                        .publishPercentileHistogram()
                        .register(meters));
    }

    private static String where(List<SchemaViolation> violations) {
        return String.join(", ", violations.stream().map(SchemaViolation::where).toList());
    }

    /** Only codes and JSON pointers: messages may quote input values, which may be personal data. */
    private static String safeDetail(KernelError refusal) {
        ObjectNode detail = Json.object();
        Object violations = refusal.details().get("violations");
        if (violations instanceof List<?> list) {
            ArrayNode pointers = detail.putArray("violations");
            for (Object item : list) {
                if (item instanceof SchemaViolation violation) {
                    pointers.addObject().put("pointer", violation.pointer()).put("keyword", violation.keyword());
                }
            }
        }
        return Json.write(detail);
    }

    private void count(ToolId tool, String outcome) {
        invocationCounters
                .computeIfAbsent(
                        new InvocationOutcome(tool, outcome),
                        key -> meters.counter(
                                "tool_invocation_total",
                                "tool",
                                tool.name(),
                                "version",
                                String.valueOf(tool.version()),
                                "outcome",
                                outcome))
                .increment();
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
