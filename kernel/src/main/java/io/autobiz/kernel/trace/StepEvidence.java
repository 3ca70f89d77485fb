package io.autobiz.kernel.trace;

import io.autobiz.kernel.KernelApi;

/**
 * What a transcript line records about a tool call beyond its outcome: enough to explain it and to replay it.
 *
 * @param input the call's input, redacted (allowlisted fields, personal data masked, scanned for secrets)
 * @param output the call's output, redacted the same way
 * @param costMicros what the call cost, in micro-dollars
 * @param stateEntity the entity whose state the call changed ({@code {tenant}:run:{runId}}), or null
 * @param stateVersion the version it produced, or null
 * @param statePatch the RFC 6902 patch to that version, or null
 * @param stateSha256 the hash of the state at that version, or null
 * @param receiptId the receipt of a WRITE/FINANCIAL call, or null
 * @param replayed true when the stored result of an identical earlier call was returned instead of executing
 */
@KernelApi
public record StepEvidence(
        String input,
        String output,
        long costMicros,
        String stateEntity,
        Long stateVersion,
        String statePatch,
        String stateSha256,
        String receiptId,
        boolean replayed) {

    /** Nothing beyond the outcome (refusals). */
    public static final StepEvidence NONE = new StepEvidence(null, null, 0, null, null, null, null, null, false);

    /** A replayed call: its redacted output, no cost, no new state, no new receipt. */
    public static StepEvidence replayed(String input, String output) {
        return new StepEvidence(input, output, 0, null, null, null, null, null, true);
    }
}
