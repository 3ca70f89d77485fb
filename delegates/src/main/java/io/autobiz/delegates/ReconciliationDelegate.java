package io.autobiz.delegates;

import io.autobiz.kernel.reconciliation.Drift;
import io.autobiz.kernel.reconciliation.ReconciliationDetector;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * {@code ${reconciliation}} in BPMN (WF07's reconcile step): runs the reconciliation of the instance's store as the
 * workflow's principal, so its provider reads go through the kernel like any tool call, and leaves the counts for the
 * drift report in process variables. Financial drift is only recorded here; it is repaired after its approval.
 */
public final class ReconciliationDelegate implements JavaDelegate {

    public static final String CHECKED = "reconciliationChecked";
    public static final String DRIFTS = "reconciliationDrifts";
    public static final String AWAITING_APPROVAL = "reconciliationAwaitingApproval";
    public static final String UNREADABLE = "reconciliationUnreadable";

    private final ReconciliationDetector detector;

    public ReconciliationDelegate(ReconciliationDetector detector) {
        this.detector = detector;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ReconciliationDetector.Report report = detector.run(TaskInputs.runOf(execution));
        execution.setVariable(CHECKED, report.checked());
        execution.setVariable(DRIFTS, report.drifts().size());
        execution.setVariable(AWAITING_APPROVAL, (int)
                report.drifts().stream().filter(Drift::financial).count());
        execution.setVariable(UNREADABLE, report.unreadable().size());
    }
}
