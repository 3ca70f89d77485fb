package io.autobiz.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One run of one golden case, as one line of {@code results.jsonl}.
 *
 * @param caseId the case's file name without {@code .yaml}
 * @param workflow WF01..WF07
 * @param seedTests the seed test IDs the case covers
 * @param run which run of the suite (1-based)
 * @param failure why it failed; null when it passed
 */
public record CaseRun(
        @JsonProperty("case") String caseId,
        String workflow,
        @JsonProperty("seed_tests") List<String> seedTests,
        int run,
        boolean passed,
        String failure,
        @JsonProperty("duration_ms") long durationMs) {

    public CaseRun {
        seedTests = List.copyOf(seedTests);
    }
}
