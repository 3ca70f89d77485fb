package io.autobiz.delegates;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * {@code ${composedReply}}: between WF05's reply prompt and the mail. The model's answer ({@code replyAnswer}) is read
 * as a choice only and the mail's body ({@code replyBody}) is rendered by the application's {@link Replies} from the
 * store's wording and the looked-up facts. An answer that is not that choice is the BPMN error {@code DRAFT_UNGROUNDED}: the
 * person who gets the case sees the answer and the findings ({@code groundingFindings}); the customer gets nothing.
 */
public class ComposedReplyDelegate implements JavaDelegate {

    public static final String UNGROUNDED = "DRAFT_UNGROUNDED";

    /** Renders the reply from the model's choice and the run's variables, and records a refused draft. */
    public interface Replies {

        Reply compose(String answer, Map<String, Object> variables);

        /** Records that the draft of {@code workflow}'s run was refused, and why ({@code reason}, a short tag). */
        void refused(DelegateExecution execution, String workflow, String reason);
    }

    /** What {@link Replies#compose} made of the model's answer. */
    public sealed interface Reply permits Rendered, Refused {}

    /** The mail's body, rendered. */
    public record Rendered(String body) implements Reply {}

    /** Not a choice the reply may be rendered from: {@code reason} a short tag, {@code findings} what was wrong. */
    public record Refused(String reason, List<String> findings) implements Reply {}

    /** A string process variable is at most 4000 characters; the person needs the start of a long answer only. */
    static final int SHOWN_ANSWER_CHARS = 1500;

    private final Replies replies;

    public ComposedReplyDelegate(Replies replies) {
        this.replies = replies;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String answer = String.valueOf(execution.getVariable("replyAnswer"));
        Reply result = replies.compose(answer, execution.getVariables());
        if (result instanceof Rendered rendered) {
            execution.setVariable("replyBody", rendered.body());
            return;
        }
        Refused refused = (Refused) result;
        String findings = String.join("; ", refused.findings());
        execution.setVariable("groundingFindings", findings);
        replies.refused(execution, workflowOf(execution), refused.reason());
        throw DiagramErrors.raise(execution, UNGROUNDED, shownToAPerson(refused.reason(), findings, answer));
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

    /** The run's correlation ID, or its process instance ID when it has none. */
    public static String correlationOf(DelegateExecution execution) {
        Object correlation = execution.getVariable(ProcessVariables.CORRELATION_ID);
        return correlation == null ? execution.getProcessInstanceId() : correlation.toString();
    }
}
