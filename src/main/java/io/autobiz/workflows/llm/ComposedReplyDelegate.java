package io.autobiz.workflows.llm;

import io.autobiz.delegates.ProcessVariables;
import io.autobiz.workflows.llm.WismoReplyComposer.Refused;
import io.autobiz.workflows.llm.WismoReplyComposer.Rendered;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * {@code ${composedReply}}: between WF05's reply prompt and the mail. The model's answer ({@code replyAnswer}) is read
 * as a choice only and the mail's body ({@code replyBody}) is rendered by {@link WismoReplyComposer} from the store's
 * wording and the looked-up facts. An answer that is not that choice is the BPMN error {@code DRAFT_UNGROUNDED}: the
 * person who gets the case sees the answer and the findings ({@code groundingFindings}); the customer gets nothing.
 */
public class ComposedReplyDelegate implements JavaDelegate {

    public static final String UNGROUNDED = "DRAFT_UNGROUNDED";

    /** A string process variable is at most 4000 characters; the person needs the start of a long answer only. */
    static final int SHOWN_ANSWER_CHARS = 1500;

    private final WismoReplyComposer composer;
    private final DraftRefusals refusals;

    public ComposedReplyDelegate(WismoReplyComposer composer, DraftRefusals refusals) {
        this.composer = composer;
        this.refusals = refusals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String answer = String.valueOf(execution.getVariable("replyAnswer"));
        WismoReplyComposer.Result result =
                composer.compose(answer, WismoReplyComposer.Facts.of(execution.getVariables()));
        if (result instanceof Rendered rendered) {
            execution.setVariable("replyBody", rendered.body());
            return;
        }
        Refused refused = (Refused) result;
        String findings = String.join("; ", refused.findings());
        execution.setVariable("groundingFindings", findings);
        refusals.refused(execution, workflowOf(execution), refused.reason().tag());
        throw new BpmnError(UNGROUNDED, shownToAPerson(refused.reason().tag(), findings, answer));
    }

    /** What the hand-over shows: why, and the model's answer as it came, marked as never sent. */
    static String shownToAPerson(String reason, String findings, String answer) {
        String shown =
                answer.length() > SHOWN_ANSWER_CHARS ? answer.substring(0, SHOWN_ANSWER_CHARS) + " [...]" : answer;
        return "the model's answer was refused (" + reason + "): " + findings
                + ". The model's answer, never sent to anyone: " + shown;
    }

    static String workflowOf(DelegateExecution execution) {
        String definitionId = execution.getProcessDefinitionId();
        int colon = definitionId == null ? -1 : definitionId.indexOf(':');
        return colon < 0 ? String.valueOf(definitionId) : definitionId.substring(0, colon);
    }

    static String correlationOf(DelegateExecution execution) {
        Object correlation = execution.getVariable(ProcessVariables.CORRELATION_ID);
        return correlation == null ? execution.getProcessInstanceId() : correlation.toString();
    }
}
