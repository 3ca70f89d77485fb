package io.autobiz.kernel.bounds;

import io.autobiz.kernel.config.BusinessConfig.LoopPolicy;
import io.autobiz.kernel.tool.ToolId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Recognises a run that repeats itself, from its recent calls. A call is its fingerprint: tool@version plus the hash
 * of its canonical arguments, so only true repetitions count, not two different mails or two different orders.
 *
 * <ul>
 *   <li>identical: the same call more than {@code maxIdenticalCalls} times in the window (tools on the retry
 *       allowlist, e.g. polling a shipment, have their own, higher limit);
 *   <li>sequence: the same sequence of two or more calls back to back more than {@code maxSequenceRepeats} times,
 *       unless every call in it is allowlisted.
 * </ul>
 *
 * Calls that failed and were retried by the engine are not in the history: only completed calls are remembered.
 */
public final class LoopDetector {

    /** What kind of repetition, and a description safe to log (fingerprints hold hashes, not arguments). */
    public record Loop(String kind, String description) {}

    /**
     * @param next the fingerprint of the call about to be made
     * @param tool the tool of that call
     * @param toolOf the tool of an earlier call's fingerprint, for the allowlist
     */
    public Optional<Loop> check(
            List<String> recentCalls, String next, ToolId tool, LoopPolicy policy, Function<String, ToolId> toolOf) {
        List<String> window = new ArrayList<>(tail(recentCalls, policy.window() - 1));
        window.add(next);
        long identical = 0;
        for (String call : window) {
            if (call.equals(next)) {
                identical++;
            }
        }
        int limit = policy.maxIdenticalCallsOf(tool);
        if (identical > limit) {
            return Optional.of(new Loop(
                    "identical",
                    tool + " called " + identical + " times with the same arguments (limit " + limit + ")"));
        }
        int repeats = policy.maxSequenceRepeats() + 1;
        for (int length = 2; length * repeats <= window.size(); length++) {
            List<String> sequence = window.subList(window.size() - length, window.size());
            if (repeatsBackToBack(window, sequence, repeats)
                    && !sequence.stream().allMatch(call -> policy.isAllowlisted(toolOf.apply(call)))) {
                return Optional.of(new Loop(
                        "sequence",
                        "a sequence of " + length + " calls repeated " + repeats + " times back to back (limit "
                                + policy.maxSequenceRepeats() + ")"));
            }
        }
        return Optional.empty();
    }

    private static boolean repeatsBackToBack(List<String> window, List<String> sequence, int times) {
        int length = sequence.size();
        for (int repetition = 1; repetition < times; repetition++) {
            int end = window.size() - repetition * length;
            if (!window.subList(end - length, end).equals(sequence)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> tail(List<String> list, int size) {
        return size <= 0 ? List.of() : list.subList(Math.max(0, list.size() - size), list.size());
    }
}
