package io.autobiz.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.bounds.InMemoryRunLedger;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.config.BusinessConfigParser;
import io.autobiz.kernel.config.ConfigSource;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.hitl.InMemoryApprovalRequests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Small factories for kernel tests. */
public final class Fixtures {

    private Fixtures() {}

    /**
     * A config for tenant {@code acme} that enables and grants every {@code test.*} tool to {@code workflow:test}, with
     * generous bounds; tests change the YAML for what they exercise.
     */
    public static final String ACME_CONFIG = """
            tenant: acme
            approvers: acme-approvers
            tools: [test.payment.capture, test.lookup, test.refund]
            permissions:
              - principal: workflow:test
                tools: [test.*]
                scopes: [payments:*, orders:read]
            bounds:
              maxSteps: 100
              maxTime: PT1H
              maxTokens: 10000
              maxToolCalls: 100
              maxMoneyAtRisk: 100000
            budgets:
              maxMoneyAtRiskPerDay: 500000
            hitl:
              - tool: test.refund
                action: REQUIRE_APPROVAL
                timeout: PT4H
            """;

    private static final ExecutorService TOOL_THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-tool");
        thread.setDaemon(true);
        return thread;
    });

    /** Daemon threads for tool calls in tests, shared, so no test leaks a pool. */
    public static ExecutorService toolThreads() {
        return TOOL_THREADS;
    }

    /**
     * A kernel for tests of one step: every part in memory and permissive where the test does not care (credentials
     * "fake", no cross-tenant incidents recorded), evidence in memory and no circuit breakers. A test replaces the part
     * it exercises, e.g. {@code .approvalRequests(store)} or {@code .evidence(ports)}.
     */
    public static KernelExecutor.Builder aKernel(
            ToolRegistry registry, ConfigSource configs, MeterRegistry meters, Clock clock) {
        return KernelExecutor.builder()
                .registry(registry)
                .configs(configs)
                .runLedger(new InMemoryRunLedger())
                .approvalRequests(new InMemoryApprovalRequests())
                .credentials(new CredentialScoper((tenant, name) -> Optional.of("fake"), access -> {}, incident -> {}))
                .securityIncidents(incident -> {})
                .traces(new InMemoryTraces())
                .toolThreads(toolThreads())
                .meters(meters)
                .clock(clock)
                .inMemoryEvidence()
                .withoutCircuitBreakers();
    }

    public static ActiveConfig active(String yaml) {
        BusinessConfigParser.Parsed parsed = new BusinessConfigParser().parse(yaml);
        return new ActiveConfig(parsed.config(), parsed.sha256(), 1);
    }

    /** A config source that serves one config for every tenant it names. */
    public static ConfigSource configFor(String tenant, String yaml) {
        ActiveConfig active = active(yaml);
        return id -> id.value().equals(tenant) ? Optional.of(active) : Optional.empty();
    }

    public static RunContext aRun(String tenant) {
        return new RunContext(TenantId.of(tenant), "run-1", "corr-1", "workflow:test", "test");
    }

    public static JsonNode json(String text) {
        return Json.parse(text);
    }

    public static ObjectNode input(String text) {
        return (ObjectNode) Json.parse(text);
    }

    /** A capture-like contract: an ID and an amount in, a status out. */
    public static ToolContract.Builder aCaptureContract() {
        return ToolContract.builder("test.payment.capture", 1)
                .description("capture a test payment")
                .input(json("""
                        {"type":"object","additionalProperties":false,
                         "required":["paymentId","amount"],
                         "properties":{"paymentId":{"type":"string","pattern":"^pi_[A-Za-z0-9]+$"},
                                       "amount":{"type":"integer","minimum":1}}}"""))
                .output(json("""
                        {"type":"object","additionalProperties":false,"required":["status"],
                         "properties":{"status":{"type":"string"}}}"""))
                .sideEffect(SideEffect.WRITE)
                .scope("payments:capture")
                .timeout(Duration.ofSeconds(2))
                .intent("paymentId", "amount")
                .dependency("stripe");
    }

    /** A tool that counts its invocations and answers with a function of its input. */
    public static final class CountingTool implements Tool {
        private final ToolContract contract;
        private final Function<ToolInvocation, ObjectNode> behaviour;
        public final AtomicInteger invocations = new AtomicInteger();

        public CountingTool(ToolContract contract, Function<ToolInvocation, ObjectNode> behaviour) {
            this.contract = contract;
            this.behaviour = behaviour;
        }

        @Override
        public ToolContract contract() {
            return contract;
        }

        @Override
        public ObjectNode invoke(ToolInvocation invocation) {
            invocations.incrementAndGet();
            return behaviour.apply(invocation);
        }
    }

    /** Transcripts in memory, remembering which events were written detached from the caller's transaction. */
    public static final class InMemoryTraces implements Traces {
        public final List<TraceEvent> inTransaction = new CopyOnWriteArrayList<>();
        public final List<TraceEvent> detached = new CopyOnWriteArrayList<>();

        @Override
        public void append(TraceEvent event) {
            inTransaction.add(event);
        }

        @Override
        public void appendDetached(TraceEvent event) {
            detached.add(event);
        }

        @Override
        public List<StoredTraceEvent> transcript(TenantId tenant, String runId) {
            throw new UnsupportedOperationException("not needed in memory");
        }
    }
}
