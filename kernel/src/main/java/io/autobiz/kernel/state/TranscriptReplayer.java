package io.autobiz.kernel.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.receipt.Receipts;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.kernel.trace.TraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds a run from its transcript (INV-06, P1-TASK-12): each executed tool call's recorded (redacted) output is fed
 * through {@link RunState#next} under a deterministic clock fixed at the instant the transcript recorded for the step,
 * and the resulting patch and hash are compared with what the step recorded; the run's receipts are re-hashed and
 * compared with their stored hashes; the final hash is compared with the entity's stored newest version. The first
 * difference is reported with its step; {@code replay_mismatch_total} counts them.
 */
@KernelApi
public final class TranscriptReplayer {

    private final Traces traces;
    private final States states;
    private final Receipts receipts;
    private final MeterRegistry meters;

    public TranscriptReplayer(Traces traces, States states, Receipts receipts, MeterRegistry meters) {
        this.traces = traces;
        this.states = states;
        this.receipts = receipts;
        this.meters = meters;
    }

    public ReplayReport replay(TenantId tenant, String runId) {
        List<StoredTraceEvent> steps = traces.transcript(tenant, runId).stream()
                .filter(e -> e.kind() == TraceEvent.Kind.TOOL_CALL
                        && e.outcome() == TraceEvent.Outcome.OK
                        && !e.evidence().replayed()
                        && e.evidence().stateVersion() != null)
                .toList();
        JsonNode state = Json.object();
        List<String> receiptHashes = new ArrayList<>();
        int position = 0;
        for (StoredTraceEvent step : steps) {
            position++;
            Clock recorded = Clock.fixed(step.createdAt(), ZoneOffset.UTC); // the deterministic clock of this step
            ObjectNode next =
                    RunState.next(state, step.tool(), Json.parse(step.evidence().output()), recorded.instant());
            String hash = CanonicalJson.sha256Hex(next);
            if (!hash.equals(step.evidence().stateSha256())) {
                return mismatch(
                        position,
                        step,
                        "state hash after the step: recorded " + step.evidence().stateSha256() + ", replayed " + hash,
                        receiptHashes,
                        hash);
            }
            if (!recordedPatchLeadsTo(state, step.evidence().statePatch(), hash)) {
                return mismatch(position, step, "state patch differs from the recorded one", receiptHashes, hash);
            }
            if (step.evidence().receiptId() != null) {
                Optional<Receipt> receipt =
                        receipts.find(tenant, step.evidence().receiptId());
                if (receipt.isEmpty()) {
                    return mismatch(
                            position,
                            step,
                            "receipt " + step.evidence().receiptId() + " is missing",
                            receiptHashes,
                            hash);
                }
                String rehashed = JdbcReceipts.hashOf(receipt.get());
                if (!rehashed.equals(receipt.get().hash())
                        || !runId.equals(receipt.get().executionId())) {
                    return mismatch(
                            position,
                            step,
                            "receipt " + receipt.get().receiptId() + " does not match its hash or run",
                            receiptHashes,
                            hash);
                }
                receiptHashes.add(rehashed);
            }
            state = Json.parse(CanonicalJson.canonicalize(next)); // as stored
        }
        String finalHash = CanonicalJson.sha256Hex(state);
        if (!steps.isEmpty()) {
            String entity = RunState.entityId(tenant, runId);
            Optional<StateVersion> stored = states.current(tenant, entity);
            if (stored.isEmpty() || !stored.get().sha256().equals(finalHash)) {
                StoredTraceEvent last = steps.get(steps.size() - 1);
                return mismatch(
                        steps.size(),
                        last,
                        "final state hash: stored "
                                + stored.map(StateVersion::sha256).orElse("none") + ", replayed " + finalHash,
                        receiptHashes,
                        finalHash);
            }
        }
        return new ReplayReport(steps.size(), finalHash, List.copyOf(receiptHashes), Optional.empty());
    }

    /** The recorded patch, applied to the replayed state before the step, must give the replayed state after it. */
    private static boolean recordedPatchLeadsTo(JsonNode before, String recordedPatch, String expectedHash) {
        try {
            return CanonicalJson.sha256Hex(JsonPatch.apply(Json.parse(recordedPatch), before))
                    .equals(expectedHash);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private ReplayReport mismatch(
            int position, StoredTraceEvent step, String reason, List<String> receiptHashes, String hash) {
        meters.counter("replay_mismatch_total").increment();
        return new ReplayReport(
                position,
                hash,
                List.copyOf(receiptHashes),
                Optional.of(new ReplayReport.Mismatch(position, step.id(), step.tool(), reason)));
    }
}
