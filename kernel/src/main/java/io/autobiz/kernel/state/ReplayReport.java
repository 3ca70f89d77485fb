package io.autobiz.kernel.state;

import io.autobiz.kernel.KernelApi;
import java.util.List;
import java.util.Optional;

/**
 * What a replay found.
 *
 * @param steps how many transcript lines were replayed
 * @param finalStateSha256 the hash of the state the replay arrived at
 * @param receiptHashes the recomputed hashes of the run's receipts, in transcript order
 * @param mismatch the first step whose replay differs from the record, if any
 */
@KernelApi
public record ReplayReport(
        int steps, String finalStateSha256, List<String> receiptHashes, Optional<Mismatch> mismatch) {

    /**
     * @param step the 1-based position of the step in the replayed transcript
     * @param traceId the transcript line's ID
     * @param reason what differs, with the expected and the replayed value
     */
    public record Mismatch(int step, long traceId, String tool, String reason) {}

    public boolean identical() {
        return mismatch.isEmpty();
    }
}
