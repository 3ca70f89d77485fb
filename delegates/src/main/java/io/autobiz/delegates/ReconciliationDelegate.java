package io.autobiz.delegates;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.reconciliation.core.Drift;
import io.autobiz.reconciliation.core.Reconciliation;
import io.autobiz.reconciliation.core.Reconciliation.PendingApproval;
import io.autobiz.reconciliation.core.ReconciliationRow;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricVariableInstance;

/**
 * {@code ${reconciliation}} in BPMN (WF07's reconcile step): runs the reconciliation of the instance's store as the
 * workflow's principal, so its provider reads and repairs go through the kernel like any tool call; takes up the
 * store's financial drifts that await an approval (so no other closeout asks for them again); and leaves the counts
 * and the drift report in process variables. {@link #approvalsOf} is the collection of the per-drift approval path.
 */
public final class ReconciliationDelegate implements JavaDelegate {

    public static final String CHECKED = "reconciliationChecked";
    public static final String DRIFTS = "reconciliationDrifts";
    public static final String REPAIRED = "reconciliationRepaired";
    public static final String AWAITING_APPROVAL = "reconciliationAwaitingApproval";
    public static final String NEEDS_OPERATOR = "reconciliationNeedsOperator";
    public static final String UNREADABLE = "reconciliationUnreadable";
    public static final String REPORT = "driftReport";
    /** What the investigation task shows: one line per financial drift no call can repair. */
    public static final String OPERATOR_FACTS = "reconciliationOperatorFacts";
    /** The store's Slack channel for the report, or null when it has none. */
    public static final String REPORT_CHANNEL = "reportChannel";
    /** Provider reads this closeout made, and those left for the next one (more was open than its bounds allow). */
    public static final String READS = "reconciliationReads";

    public static final String CARRIED_OVER = "reconciliationCarriedOver";
    /**
     * The position (receipt chain sequence) up to which this closeout checked everything: the next closeout of the
     * store starts after the highest one any earlier closeout recorded.
     */
    public static final String RECONCILED_THROUGH = "reconciledThrough";

    private static final int MAX_REPORT = 3900;

    private final Reconciliation reconciliation;
    private final Function<TenantId, Optional<String>> reportChannels;
    private final Function<TenantId, String> approversGroups;
    private final ToIntFunction<TenantId> maxReads;
    private final ToIntFunction<TenantId> maxRepairs;

    /**
     * @param reportChannels the store's Slack channel for the drift report, if it has one
     * @param approversGroups the store's approvers group: candidates for the closeout's approval and investigation
     *     tasks
     * @param maxReads how many provider reads one closeout of the store may make, so that the rest of its run (the
     *     report, repairs) stays within the run's bounds
     * @param maxRepairs how many automatic repairs one closeout of the store may make; what needs more is carried over
     *     to the next closeout (and the scheduled passes), so that the reconcile job is never terminated by a bound
     *     midway, which would roll back its rows and leave the claims of the repair calls it made in flight
     */
    public ReconciliationDelegate(
            Reconciliation reconciliation,
            Function<TenantId, Optional<String>> reportChannels,
            Function<TenantId, String> approversGroups,
            ToIntFunction<TenantId> maxReads,
            ToIntFunction<TenantId> maxRepairs) {
        this.reconciliation = reconciliation;
        this.reportChannels = reportChannels;
        this.approversGroups = approversGroups;
        this.maxReads = maxReads;
        this.maxRepairs = maxRepairs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        RunContext run = TaskInputs.runOf(execution);
        Reconciliation.Report report = reconciliation.run(
                run,
                reconciledBefore(execution, run),
                maxReads.applyAsInt(run.tenant()),
                maxRepairs.applyAsInt(run.tenant()));
        List<PendingApproval> financial =
                reconciliation.takeUpForApproval(run.tenant(), execution.getProcessInstanceId());
        long toApprove = financial.stream().filter(p -> p.repair().isPresent()).count();
        long repaired = report.drifts().stream().filter(d -> !d.financial()).count();
        execution.setVariable(CHECKED, report.checked());
        execution.setVariable(DRIFTS, report.drifts().size());
        execution.setVariable(REPAIRED, (int) repaired);
        execution.setVariable(AWAITING_APPROVAL, (int) toApprove);
        execution.setVariable(NEEDS_OPERATOR, (int) (financial.size() - toApprove));
        execution.setVariable(
                OPERATOR_FACTS,
                financial.stream()
                        .filter(p -> p.repair().isEmpty())
                        .map(p -> line(p.row()))
                        .collect(java.util.stream.Collectors.joining("\n")));
        execution.setVariable(UNREADABLE, report.unreadable().size());
        execution.setVariable(READS, report.reads());
        execution.setVariable(CARRIED_OVER, report.carriedOver());
        execution.setVariable(RECONCILED_THROUGH, report.reconciledThrough());
        execution.setVariable(REPORT, report(run.tenant(), report, financial));
        execution.setVariable(REPORT_CHANNEL, reportChannels.apply(run.tenant()).orElse(null));
        execution.setVariable(ProcessVariables.APPROVERS_GROUP, approversGroups.apply(run.tenant()));
    }

    /** The IDs of the financial drifts this closeout took up and can repair with an approval, in order found. */
    public List<String> approvalsOf(DelegateExecution execution) {
        return reconciliation.takenUpBy(TaskInputs.runOf(execution).tenant(), execution.getProcessInstanceId(), true);
    }

    /**
     * Where the store's earlier closeouts got to: the highest {@link #RECONCILED_THROUGH} in the engine's history (a
     * closeout whose reconcile step failed recorded none), 0 before the first.
     */
    private static long reconciledBefore(DelegateExecution execution, RunContext run) {
        return execution
                .getProcessEngineServices()
                .getHistoryService()
                .createHistoricVariableInstanceQuery()
                .processDefinitionKey(run.workflow())
                .tenantIdIn(run.tenant().value())
                .variableName(RECONCILED_THROUGH)
                .list()
                .stream()
                .map(HistoricVariableInstance::getValue)
                .filter(Number.class::isInstance)
                .mapToLong(value -> ((Number) value).longValue())
                .max()
                .orElse(0);
    }

    private static String report(TenantId tenant, Reconciliation.Report report, List<PendingApproval> financial) {
        StringBuilder text = new StringBuilder("Daily closeout of ")
                .append(tenant.value())
                .append(": ")
                .append(report.checked())
                .append(" records checked, ")
                .append(report.drifts().size())
                .append(" new drifts, ")
                .append(report.unreadable().size())
                .append(" providers unreadable.");
        if (report.carriedOver() > 0) {
            text.append("\n• carried over: ")
                    .append(report.carriedOver())
                    .append(" more to read or repair than this run's bounds allow (")
                    .append(report.reads())
                    .append(" provider reads, oldest first); the next closeout and the scheduled passes continue with")
                    .append(" them");
        }
        for (Drift drift : report.drifts()) {
            if (!drift.financial()) {
                text.append("\n• repaired ")
                        .append(describe(drift.kind().name(), drift.entityId().localId(), drift.field()))
                        .append(": ")
                        .append(drift.localValue())
                        .append(" → ")
                        .append(drift.providerValue());
            }
        }
        for (PendingApproval pending : financial) {
            ReconciliationRow row = pending.row();
            text.append(pending.repair().isPresent() ? "\n• approval needed: " : "\n• operator needed: ")
                    .append(line(row));
        }
        for (String unreadable : report.unreadable()) {
            text.append("\n• unreadable: ").append(unreadable);
        }
        // Slack takes 4,000 characters; the rows in reconciliation hold everything.
        return text.length() <= MAX_REPORT ? text.toString() : text.substring(0, MAX_REPORT - 1) + "…";
    }

    private static String line(ReconciliationRow row) {
        return describe(row.entityType(), row.entityId(), row.field()) + ": AutoBiz " + row.localValue() + ", provider "
                + row.providerValue();
    }

    private static String describe(String kind, String entity, String field) {
        return kind.toLowerCase(java.util.Locale.ROOT) + " " + entity + " " + field;
    }
}
