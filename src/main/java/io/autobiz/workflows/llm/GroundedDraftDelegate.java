package io.autobiz.workflows.llm;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * {@code ${groundedDraft}}: the check between WF05's drafted reply ({@code replyDraft}) and the mail. The facts are the
 * process variables the lookups set ({@code orderName}, {@code carrier}, {@code trackingNumber}, {@code trackingUrl});
 * a draft stating anything else is the BPMN error {@code DRAFT_UNGROUNDED}, its findings in {@code groundingFindings},
 * and is never sent.
 */
public class GroundedDraftDelegate implements JavaDelegate {

    public static final String UNGROUNDED = "DRAFT_UNGROUNDED";

    @Override
    public void execute(DelegateExecution execution) {
        String draft = (String) execution.getVariable("replyDraft");
        Map<String, Object> variables = execution.getVariables();
        List<String> findings = GroundingCheck.ungrounded(draft, GroundingCheck.Facts.of(variables));
        if (!findings.isEmpty()) {
            execution.setVariable("groundingFindings", String.join("; ", findings));
            throw new BpmnError(UNGROUNDED, "the drafted reply is not grounded in the tracking facts");
        }
    }
}
