package io.autobiz.kernel.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonDiff;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.cost.CostTracker;
import io.autobiz.kernel.idempotency.IdempotencyGuard;
import io.autobiz.kernel.idempotency.InMemoryIdempotencyRecords;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.FinancialReceipt;
import io.autobiz.kernel.receipt.InMemoryReceipts;
import io.autobiz.kernel.receipt.NewReceipt;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.receipt.Receipts;
import io.autobiz.kernel.redaction.Redactor;
import io.autobiz.kernel.redaction.SecretRejectedException;
import io.autobiz.kernel.state.InMemoryStates;
import io.autobiz.kernel.state.RunState;
import io.autobiz.kernel.state.StateVersion;
import io.autobiz.kernel.state.States;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolUsage;
import io.autobiz.kernel.trace.StepEvidence;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Steps 6 and 10–12 for {@code KernelExecutor}: {@link #claim} before the call; {@link #record} after its output was
 * validated, in the step's transaction (receipt, state version, cost, redacted transcript evidence, and last the
 * idempotency record's completion); {@link #release} when the call failed.
 */
public final class Evidence {

    private final IdempotencyGuard idempotency;
    private final Receipts receipts;
    private final States states;
    private final CostTracker costs;
    private final Redactor redactor;
    private final ObservationRegistry observations;

    public Evidence(
            IdempotencyGuard idempotency, Receipts receipts, States states, CostTracker costs, Redactor redactor) {
        this(idempotency, receipts, states, costs, redactor, ObservationRegistry.NOOP);
    }

    /**
     * @param observations where each tool call is observed ({@link #observe}): in the application, Micrometer's
     *     registry, which makes it an OpenTelemetry span when tracing is on and a timer in any case
     */
    public Evidence(
            IdempotencyGuard idempotency,
            Receipts receipts,
            States states,
            CostTracker costs,
            Redactor redactor,
            ObservationRegistry observations) {
        this.idempotency = Objects.requireNonNull(idempotency);
        this.receipts = Objects.requireNonNull(receipts);
        this.states = Objects.requireNonNull(states);
        this.costs = Objects.requireNonNull(costs);
        this.redactor = Objects.requireNonNull(redactor);
        this.observations = Objects.requireNonNull(observations);
    }

    /**
     * Runs one tool call as the observation {@code autobiz.tool.call} (a span named {@code tool <name>}): tagged with
     * tenant, workflow and tool, and with the run's ID and correlation ID as high-cardinality attributes, so a trace
     * backend joins every call of a run by its correlation ID; a refusal or failure is recorded as the span's error
     * with its kernel code as {@code outcome}.
     */
    public <T> T observe(RunContext run, String tool, Supplier<T> call) {
        Observation observation = Observation.createNotStarted("autobiz.tool.call", observations)
                .contextualName("tool " + tool)
                .lowCardinalityKeyValue("tenant", run.tenant().value())
                .lowCardinalityKeyValue("workflow", run.workflow())
                .lowCardinalityKeyValue("tool", tool)
                .highCardinalityKeyValue("autobiz.run_id", run.runId())
                .highCardinalityKeyValue("autobiz.correlation_id", run.correlationId())
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = call.get();
            observation.lowCardinalityKeyValue("outcome", "ok");
            return result;
        } catch (KernelError refusal) {
            observation.lowCardinalityKeyValue("outcome", refusal.qualifiedCode());
            observation.error(refusal);
            throw refusal;
        } catch (RuntimeException failure) {
            observation.lowCardinalityKeyValue("outcome", "error");
            observation.error(failure);
            throw failure;
        } finally {
            observation.stop();
        }
    }

    /** The evidence steps over {@code ports} (KernelExecutor assembles them this way). */
    public static Evidence of(EvidencePorts ports, MeterRegistry meters, Clock clock) {
        return new Evidence(
                new IdempotencyGuard(
                        ports.idempotencyRecords(),
                        ports.hotPath(),
                        meters,
                        clock,
                        ports.idempotencyWindow(),
                        ports.leaseMargin()),
                ports.receipts(),
                ports.states(),
                new CostTracker(ports.prices(), meters),
                ports.redactor(),
                ports.observations());
    }

    /** Everything in memory, default prices and redaction: for unit tests and benchmarks of the pipeline. */
    public static Evidence inMemory(MeterRegistry meters, Clock clock) {
        return of(
                EvidencePorts.of(
                        new InMemoryIdempotencyRecords(), new InMemoryReceipts(clock), new InMemoryStates(), meters),
                meters,
                clock);
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * Step 6. READ calls are not claimed (they change nothing and may repeat); WRITE and FINANCIAL calls are, and the
     * answer says whether to execute or to return a stored result.
     */
    public Optional<IdempotencyGuard.Claim> claim(RunContext run, ToolContract contract, ObjectNode input) {
        if (contract.sideEffect() == SideEffect.READ) {
            return Optional.empty();
        }
        return Optional.of(idempotency.claim(run, contract, input));
    }

    /** The key to send to the provider: {@code autobiz:...} for a claimed call, none for READ calls. */
    public static Optional<String> externalKey(Optional<IdempotencyGuard.Claim> claim) {
        return claim.map(c -> c.key().external());
    }

    /** The claimed call failed: free its key so a retry need not wait for the lease. */
    public void release(RunContext run, Optional<IdempotencyGuard.Claim> claim) {
        executing(claim).ifPresent(c -> idempotency.release(run.tenant(), c));
    }

    /**
     * The unit of work that {@link #record} wrote into rolled back: its receipt and state went with it, and the claim
     * is released or, for an at-most-once tool, completed on its own ({@link IdempotencyGuard#rolledBack}).
     */
    public void rolledBack(
            RunContext run, ToolContract contract, Optional<IdempotencyGuard.Claim> claim, ObjectNode output) {
        executing(claim).ifPresent(c -> idempotency.rolledBack(run.tenant(), contract, c, output));
    }

    private static Optional<IdempotencyGuard.Execute> executing(Optional<IdempotencyGuard.Claim> claim) {
        return claim.filter(IdempotencyGuard.Execute.class::isInstance).map(IdempotencyGuard.Execute.class::cast);
    }

    /** The transcript evidence of a replayed call: nothing executed, nothing new recorded. */
    public StepEvidence replayed(ToolContract contract, ObjectNode input, ObjectNode output) {
        String tool = contract.id().toString();
        return StepEvidence.replayed(safe(input, "trace input of " + tool), safe(output, "trace output of " + tool));
    }

    /**
     * Steps 10, 11 and the evidence of 12 for a call that executed, in the caller's transaction; then completes the
     * idempotency record (last, so a failure before it can still release the claim).
     *
     * @param at the kernel clock's instant of the call; truncated to microseconds, as stored, so replays match
     */
    public StepEvidence record(
            RunContext run,
            ToolContract contract,
            ObjectNode input,
            ObjectNode output,
            ToolUsage usage,
            Optional<IdempotencyGuard.Claim> claim,
            Instant at) {
        String tool = contract.id().toString();
        StepEvidence evidence;
        try {
            String redactedInput = safe(input, "trace input of " + tool);
            String redactedOutput = safe(output, "trace output of " + tool);
            String receiptId = claim.map(
                            c -> receipt(run, contract, input, output, c).receiptId())
                    .orElse(null); // 10
            String entity = RunState.entityId(run.tenant(), run.runId()); // 11
            Optional<StateVersion> current = states.current(run.tenant(), entity);
            JsonNode before = current.map(StateVersion::state).orElseGet(Json::object);
            ObjectNode after =
                    RunState.next(before, tool, Json.parse(redactedOutput), at.truncatedTo(ChronoUnit.MICROS));
            JsonNode patch = JsonDiff.asJson(before, after);
            StateVersion version =
                    states.apply(run, entity, current.map(StateVersion::version).orElse(0L), patch);
            long cost = costs.charge(run, tool, usage);
            evidence = new StepEvidence(
                    redactedInput,
                    redactedOutput,
                    cost,
                    entity,
                    version.version(),
                    Json.write(patch),
                    version.sha256(),
                    receiptId,
                    false);
        } catch (RuntimeException e) {
            release(run, claim);
            throw e;
        }
        claim.ifPresent(c -> idempotency.complete(run.tenant(), c.key(), output)); // 6, completed with the step
        return evidence;
    }

    private Receipt receipt(
            RunContext run, ToolContract contract, ObjectNode input, ObjectNode output, IdempotencyGuard.Claim claim) {
        String tool = contract.id().toString();
        JsonNode request = Json.parse(redactor.scrub(CanonicalJson.canonicalize(input), "receipt request of " + tool));
        JsonNode response =
                Json.parse(redactor.scrub(CanonicalJson.canonicalize(output), "receipt response of " + tool));
        return receipts.append(new NewReceipt(
                run.tenant(),
                run.runId(),
                run.correlationId(),
                tool,
                contract.sideEffect(),
                claim.key().internal(),
                claim.key().external(),
                providerObjectId(output),
                request,
                response,
                contract.sideEffect() == SideEffect.FINANCIAL ? money(contract, input, output) : null));
    }

    /** The redacted form, or a marker naming what was found when a secret got through the allowlist. */
    private String safe(JsonNode payload, String where) {
        try {
            return redactor.redact(payload, where);
        } catch (SecretRejectedException e) {
            ObjectNode rejected = Json.object().put("rejected", "secret detected; payload not persisted");
            e.types().forEach(rejected.putArray("types")::add);
            return Json.write(rejected);
        }
    }

    /**
     * The provider's object: the output's {@code id}, else its first top-level text field whose name ends in
     * {@code Id} (e.g. {@code paymentIntentId}).
     */
    static String providerObjectId(ObjectNode output) {
        if (output.path("id").isTextual()) {
            return output.get("id").asText();
        }
        Iterator<Map.Entry<String, JsonNode>> fields = output.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith("Id") && field.getValue().isTextual()) {
                return field.getValue().asText();
            }
        }
        return null;
    }

    /** The contract's money field, and the currency named by the input or else the output ({@code XXX} if neither). */
    static FinancialReceipt money(ToolContract contract, ObjectNode input, ObjectNode output) {
        String field = contract.money().orElseThrow();
        long amount = input.path(field).asLong(output.path(field).asLong(0));
        String currency = input.path("currency").asText(output.path("currency").asText("XXX"));
        if (currency.isBlank()) {
            currency = "XXX";
        }
        return new FinancialReceipt(amount, currency.toUpperCase(Locale.ROOT));
    }
}
