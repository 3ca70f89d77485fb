package io.autobiz.invariants;

import java.util.List;

/**
 * One invariant's verdict.
 *
 * @param id {@code SOAK-INV-01} .. {@code SOAK-INV-08}
 * @param examined how many rows, runs or lines were looked at (zero means the invariant held vacuously)
 * @param offenders the runs (process instance ID, workflow, store, business key) and rows (table and ID) that break it,
 *     at most {@link InvariantChecker#MAX_OFFENDERS}, then one line saying how many more there were; never the
 *     personal data or secret that was found, only where
 */
public record InvariantResult(String id, String description, boolean passed, long examined, List<String> offenders) {

    public InvariantResult {
        offenders = List.copyOf(offenders);
    }
}
