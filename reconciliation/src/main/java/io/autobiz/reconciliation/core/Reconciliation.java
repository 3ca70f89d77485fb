package io.autobiz.reconciliation.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The reconciliation module's face. A pass ({@link #run}) reads provider truth for each of the {@link LocalTruth}'s
 * records through the kernel, lets the {@link DriftPolicy} name the fields that disagree and records each drift once
 * ({@link ReconciliationRows}). Non-financial drift (an order's or fulfilment's status, a tracking number) is repaired
 * at once ({@link DriftRepairs}). Financial drift (amounts, currencies, captures, refunds; every field of a payment or
 * refund) becomes AWAITING_APPROVAL: WF07 ({@code daily-closeout}) takes it up ({@link #takeUpForApproval}), opens a
 * Camunda approval task for its repair call and records the outcome ({@link #recordRepairedAfterApproval},
 * {@link #recordDenied}, {@link #recordApprovalTimedOut}) through {@link FinancialApprovals}. Nothing here moves money.
 * A closeout passes where the last one got to and how many reads its bounds leave; it reads what changed since, once per
 * provider call, and carries the rest over rather than running out of bounds midway.
 */
public final class Reconciliation {

    /** Who repairs non-financial drift, in the audit record. */
    public static final String AUTOMATIC = "autobiz:reconciliation";

    /** A financial drift taken up by a closeout run, with the call that would repair it (empty: none is known). */
    public record PendingApproval(ReconciliationRow row, Optional<LocalTruth.FinancialRepair> repair) {}

    /**
     * What one run found.
     *
     * @param checked the records checked
     * @param reads the provider reads made (records read by the same call share it)
     * @param carriedOver provider reads left for the next run: more was open than the run's reads allowed
     * @param reconciledThrough the position up to which everything was checked; the next run starts after it
     */
    public record Report(
            int checked,
            List<Drift> drifts,
            List<String> unreadable,
            int reads,
            int carriedOver,
            long reconciledThrough) {}

    /**
     * The drift states that need the entity read again even if nothing changed locally: nobody decided in time, so the
     * next run finds the drift again and asks anew. Open, awaiting and failed drifts are not found again while unsettled
     * (a closeout takes up the awaiting ones without reading); denied and settled ones stay decided.
     */
    private static final Set<Status> UNRESOLVED = EnumSet.of(Status.APPROVAL_TIMED_OUT);

    private final ReconciliationRows rows;
    private final LocalTruth local;
    private final KernelExecutor kernel;
    private final MeterRegistry meters;
    private final DriftRepairs repairs;
    private final FinancialApprovals approvals;
    /** Per store: where the next run starts among the records open by nature (see {@link #run}). */
    private final Map<TenantId, Integer> openByNatureTurn = new ConcurrentHashMap<>();

    public Reconciliation(TenantJdbc jdbc, LocalTruth local, KernelExecutor kernel, MeterRegistry meters, Clock clock) {
        this.rows = new JdbcReconciliationRows(jdbc, clock);
        this.local = local;
        this.kernel = kernel;
        this.meters = meters;
        DriftCounts counts = new DriftCounts(meters);
        this.repairs = new DriftRepairs(rows, local, counts);
        this.approvals = new FinancialApprovals(rows, local, counts);
    }

    /** One pass over all of the store's records; {@code run} is the kernel run the provider reads are charged to. */
    public Report run(RunContext run) {
        return run(run, 0, Integer.MAX_VALUE);
    }

    /**
     * One pass over what is still open: records whose position is after {@code after} (what changed since the run that
     * reported it as {@link Report#reconciledThrough}), records open by nature, and entities whose latest drift timed
     * out unanswered. Records answered by the same provider call (a payment and its refunds) share one read. At most
     * {@code maxReads} reads are made, oldest first, so that a run stays within its bounds; the rest is carried over
     * (the report says how much) and {@link Report#reconciledThrough} stops before it.
     */
    public Report run(RunContext run, long after, int maxReads) {
        return run(run, after, maxReads, Integer.MAX_VALUE);
    }

    /**
     * As {@link #run(RunContext, long, int)}, making at most {@code maxRepairs} automatic repairs (new drift and failed
     * repairs tried again): a read whose drift would need one more is not taken further, and it and every read after it
     * are carried over ({@link Report#reconciledThrough} stops before them), so that a pass or closeout over a backlog
     * ends within its run's bounds instead of being terminated midway, and the next one continues from there.
     */
    public Report run(RunContext run, long after, int maxReads, int maxRepairs) {
        if (maxReads < 1) {
            throw new IllegalArgumentException("a reconciliation needs at least one provider read, not " + maxReads);
        }
        if (maxRepairs < 1) {
            throw new IllegalArgumentException(
                    "a reconciliation needs room for at least one repair, not " + maxRepairs);
        }
        TenantId tenant = run.tenant();
        Map<String, ReconciliationRow> recheck = toRecheck(tenant);
        Set<String> unresolved = unresolvedEntities(tenant);
        recheck.values().forEach(row -> unresolved.add(row.entityId()));
        Map<Read, List<LocalTruth.LocalRecord>> byRead = new LinkedHashMap<>();
        long latest = after;
        for (LocalTruth.LocalRecord record : local.recordsToCheck(tenant)) {
            latest = Math.max(latest, record.position());
            byRead.computeIfAbsent(new Read(record.providerRead(), record.readInput()), read -> new ArrayList<>())
                    .add(record);
        }
        // What changed since the last run (or is open by nature), oldest first; then what only a drift that timed
        // out keeps open, so that a backlog of those never holds up the new.
        Predicate<List<LocalTruth.LocalRecord>> changed =
                records -> records.stream().anyMatch(r -> r.position() == 0 || r.position() > after);
        List<List<LocalTruth.LocalRecord>> fresh = new ArrayList<>(byRead.values().stream()
                .filter(changed)
                .sorted(Comparator.comparingLong(Reconciliation::positionOf))
                .toList());
        // Records open by nature (position 0) come first in every run; more of them than one run reads are taken in
        // turn, each run starting where the last one stopped, so that the same first few never hold up the others.
        int openByNature = (int) fresh.stream().filter(r -> positionOf(r) == 0).count();
        if (openByNature > 0) {
            Collections.rotate(
                    fresh.subList(0, openByNature), -(openByNatureTurn.getOrDefault(tenant, 0) % openByNature));
        }
        List<List<LocalTruth.LocalRecord>> open = new ArrayList<>(fresh);
        byRead.values().stream()
                .filter(changed.negate())
                .filter(records -> records.stream()
                        .anyMatch(r -> unresolved.contains(r.entityId().toString())))
                .forEach(open::add);
        List<List<LocalTruth.LocalRecord>> now = open.subList(0, Math.min(maxReads, open.size()));
        int carriedOver = open.size() - now.size();
        int freshRead = Math.min(maxReads, fresh.size());
        long through = freshRead == fresh.size() ? latest : Math.max(after, positionOf(fresh.get(freshRead - 1)));

        List<Drift> found = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int checked = 0;
        int reads = 0;
        int repairsLeft = maxRepairs;
        for (List<LocalTruth.LocalRecord> records : now) {
            reads++;
            LocalTruth.LocalRecord first = records.get(0);
            JsonNode provider;
            try {
                provider = kernel.execute(run, new ToolCall(first.providerRead(), first.readInput()))
                        .output();
            } catch (KernelError e) {
                // A provider that cannot be read is not drift: it is reported and read again on the next run.
                records.forEach(r -> unreadable.add(r.entityId() + ": " + e.qualifiedCode()));
                meters.counter("reconciliation_unreadable_total", "code", e.qualifiedCode())
                        .increment();
                through = Math.max(after, Math.min(through, positionOf(records) - 1));
                continue;
            }
            int needed = repairsNeeded(tenant, records, recheck, provider);
            if (needed > repairsLeft && repairsLeft < maxRepairs) {
                // The drift this read found needs more repairs than the run has left: none is recorded, so the next
                // pass finds it again and repairs it; this read and the rest wait. (A read that alone needs more than
                // a whole run's repairs goes ahead in a run that has made none, so that it cannot hold up the rest.)
                carriedOver += now.size() - reads + 1;
                through = Math.max(after, Math.min(through, positionOf(records) - 1));
                break;
            }
            repairsLeft -= needed;
            for (LocalTruth.LocalRecord record : records) {
                checked++;
                Set<String> stillDrifting = new HashSet<>();
                for (Drift drift : DriftPolicy.detect(tenant, record, provider)) {
                    ReconciliationRow earlier =
                            recheck.get(fieldKey(drift.entityId().toString(), drift.field()));
                    if (earlier != null) {
                        stillDrifting.add(drift.field());
                        if (earlier.status() == Status.REPAIR_FAILED) {
                            repairs.retry(run, earlier, drift);
                        }
                        continue; // a financial drift not taken up yet still awaits its closeout
                    }
                    if (rows.unsettled(tenant, drift.entityId(), drift.field())) {
                        continue;
                    }
                    found.add(drift);
                    repairs.handle(run, drift);
                }
                for (String field : record.expected().keySet()) {
                    ReconciliationRow earlier =
                            recheck.get(fieldKey(record.entityId().toString(), field));
                    if (earlier != null && !stillDrifting.contains(field)) {
                        repairs.gone(tenant, earlier);
                    }
                }
            }
        }
        int openByNatureRead = Math.min(reads, openByNature);
        openByNatureTurn.merge(tenant, openByNatureRead, (turn, read) -> (turn + read) % Math.max(1, openByNature));
        return new Report(checked, List.copyOf(found), List.copyOf(unreadable), reads, carriedOver, through);
    }

    /**
     * The automatic repairs checking {@code records} against {@code provider} takes: a failed repair whose drift is
     * still there is tried again, a new non-financial drift is repaired.
     */
    private int repairsNeeded(
            TenantId tenant,
            List<LocalTruth.LocalRecord> records,
            Map<String, ReconciliationRow> recheck,
            JsonNode provider) {
        int needed = 0;
        for (LocalTruth.LocalRecord record : records) {
            for (Drift drift : DriftPolicy.detect(tenant, record, provider)) {
                ReconciliationRow earlier =
                        recheck.get(fieldKey(drift.entityId().toString(), drift.field()));
                if (earlier != null) {
                    needed += earlier.status() == Status.REPAIR_FAILED ? 1 : 0;
                } else if (!drift.financial() && !rows.unsettled(tenant, drift.entityId(), drift.field())) {
                    needed++;
                }
            }
        }
        return needed;
    }

    /** One provider call; records that need the same one share it. */
    private record Read(ToolRef tool, JsonNode input) {}

    /** The latest position of the records one read answers (0: open by nature, checked first). */
    private static long positionOf(List<LocalTruth.LocalRecord> records) {
        return records.stream()
                .mapToLong(LocalTruth.LocalRecord::position)
                .max()
                .orElse(0);
    }

    /**
     * The rows a pass looks at again, by entity and field: automatic repairs that failed (tried again while the drift
     * lasts, so a transient provider fault does not leave the drift to nobody) and financial drifts no closeout took up
     * yet (dismissed if the drift is gone when read again, e.g. a refund found at Stripe while its receipt was still
     * being written). Financial drift a closeout took up, and anything a person decided, stay as they are.
     */
    private Map<String, ReconciliationRow> toRecheck(TenantId tenant) {
        Map<String, ReconciliationRow> recheck = new HashMap<>();
        for (ReconciliationRow row : rows.list(tenant, EnumSet.of(Status.REPAIR_FAILED, Status.AWAITING_APPROVAL))) {
            boolean failedRepair =
                    row.status() == Status.REPAIR_FAILED && !row.financial() && AUTOMATIC.equals(row.decidedBy());
            boolean notTakenUp =
                    row.status() == Status.AWAITING_APPROVAL && row.financial() && row.approvalRef() == null;
            if (failedRepair || notTakenUp) {
                recheck.put(fieldKey(row.entityId(), row.field()), row);
            }
        }
        return recheck;
    }

    private static String fieldKey(String entityId, String field) {
        return entityId + "\n" + field;
    }

    /** The entities (as text) whose latest row for some field leaves the drift open. */
    private Set<String> unresolvedEntities(TenantId tenant) {
        Map<String, Status> latestByField = new HashMap<>();
        for (ReconciliationRow row : rows.list(tenant, EnumSet.allOf(Status.class))) {
            latestByField.put(row.entityId() + "\n" + row.field(), row.status());
        }
        Set<String> entities = new HashSet<>();
        latestByField.forEach((key, status) -> {
            if (UNRESOLVED.contains(status)) {
                entities.add(key.substring(0, key.indexOf('\n')));
            }
        });
        return entities;
    }

    /**
     * Financial drifts awaiting an approval that no closeout has taken up yet, now assigned to {@code approvalRef}
     * (the closeout's process instance) so that no other run asks for them again; each with its repair call.
     */
    public List<PendingApproval> takeUpForApproval(TenantId tenant, String approvalRef) {
        return approvals.takeUp(tenant, approvalRef);
    }

    /**
     * The financial drifts still awaiting a decision that the closeout {@code approvalRef} took up, in the order found:
     * those a call can repair ({@code repairable}: each gets an approval task) or those none can (a person looks into
     * them).
     */
    public List<String> takenUpBy(TenantId tenant, String approvalRef, boolean repairable) {
        return approvals.takenUpBy(tenant, approvalRef, repairable);
    }

    /** The call that would repair a financial drift awaiting approval, built afresh from its row. */
    public Optional<LocalTruth.FinancialRepair> repairOf(TenantId tenant, String reconciliationId) {
        return approvals.repairOf(tenant, reconciliationId);
    }

    /** The approved repair call ran: the row names the approver and what the call did. */
    public ReconciliationRow recordRepairedAfterApproval(
            TenantId tenant, String reconciliationId, String approver, String detail) {
        return approvals.recordRepaired(tenant, reconciliationId, approver, detail);
    }

    /** An approver refused the repair; nothing changes and the row says who decided. */
    public ReconciliationRow recordDenied(TenantId tenant, String reconciliationId, String approver, String reason) {
        return approvals.recordDenied(tenant, reconciliationId, approver, reason);
    }

    /** The kernel refused the repair call (its arguments were not the approved ones): nothing was repaired. */
    public ReconciliationRow recordRepairRefused(TenantId tenant, String reconciliationId, String reason) {
        return approvals.recordRepairRefused(tenant, reconciliationId, reason);
    }

    /**
     * A person looked into a financial drift that no call can repair (the closeout's investigation task): settled, or
     * not; either way the row leaves AWAITING_APPROVAL and says who decided and what they did.
     */
    public ReconciliationRow recordInvestigated(
            TenantId tenant, String reconciliationId, String operator, boolean resolved, String note) {
        return approvals.recordInvestigated(tenant, reconciliationId, operator, resolved, note);
    }

    /** Nobody decided in time: nothing is repaired; the next reconciliation finds the drift again. */
    public ReconciliationRow recordApprovalTimedOut(TenantId tenant, String reconciliationId) {
        return approvals.recordTimedOut(tenant, reconciliationId);
    }

    /** The store's rows in the given states, oldest first. */
    public List<ReconciliationRow> list(TenantId tenant, Set<Status> states) {
        return rows.list(tenant, states);
    }

    public Optional<ReconciliationRow> find(TenantId tenant, String reconciliationId) {
        return rows.find(tenant, reconciliationId);
    }
}
