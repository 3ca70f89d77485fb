package io.autobiz.delegates;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import java.util.Collection;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * How a delegate reports a code the diagram may model: as a BPMN error only when the diagram catches that code at the
 * task (a boundary event on the task or an enclosing sub-process, or an error event sub-process in scope), so the run
 * takes the path drawn for it; otherwise as an {@link UncaughtErrorException}, which fails the job like any technical
 * fault. Thrown uncaught, a BPMN error would end as the engine's ENGINE-02042 "no error handler was defined", which
 * tells the operator nothing about the refusal itself.
 *
 * <p>Only the task's own diagram is read: a code that only a calling process catches (through a call activity) would be
 * an incident here. No AutoBiz diagram has a call activity.
 */
public final class DiagramErrors {

    private DiagramErrors() {}

    /**
     * What a delegate throws for {@code code}: a {@link BpmnError} the diagram catches, or an {@link
     * UncaughtErrorException} that becomes an incident ({@code retryable}: after the task's retry cycle; otherwise at
     * once, see {@link RefusalsFailFast}).
     */
    static RuntimeException raise(FlowElement task, String code, String message, boolean retryable) {
        if (task != null && catches(task, code)) {
            return new BpmnError(code, message);
        }
        return new UncaughtErrorException(code, message.startsWith(code) ? message : code + ": " + message, retryable);
    }

    static RuntimeException raise(DelegateExecution execution, String code, String message) {
        return raise(execution.getBpmnModelElementInstance(), code, message, false);
    }

    /** A kernel refusal retrying cannot fix: the diagram's path when it draws one, an incident at once otherwise. */
    static RuntimeException raise(DelegateExecution execution, KernelError error) {
        return raise(execution.getBpmnModelElementInstance(), error);
    }

    /**
     * As {@link #raise(DelegateExecution, KernelError)}. A provider refusing AutoBiz's own credentials (HTTP 401 or 403)
     * is a fault of the deployment, not an answer about the order or payment, so it is an incident even where the
     * diagram catches the code: a revoked key must not read as "no such payment" or "Printful refused the order".
     */
    static RuntimeException raise(FlowElement task, KernelError error) {
        if (credentialsRefused(error)) {
            return new UncaughtErrorException(error.code().name(), error.getMessage(), false);
        }
        return raise(task, error.code().name(), error.getMessage(), false);
    }

    private static boolean credentialsRefused(KernelError error) {
        return error.code() == ErrorCode.PROVIDER_REJECTED
                && error.details().get("status") instanceof Number status
                && (status.intValue() == 401 || status.intValue() == 403);
    }

    /** Whether a BPMN error {@code code} thrown at {@code task} reaches a catching event of its diagram. */
    public static boolean catches(FlowElement task, String code) {
        for (ModelElementInstance scope = task; scope != null; scope = scope.getParentElement()) {
            if (scope instanceof FlowElement element && boundaryCatches(element, code)) {
                return true;
            }
            if (eventSubProcessCatches(scope, code)) {
                return true;
            }
        }
        return false;
    }

    private static boolean boundaryCatches(FlowElement element, String code) {
        return element.getModelInstance().getModelElementsByType(BoundaryEvent.class).stream()
                .filter(boundary -> boundary.getAttachedTo() == element)
                .anyMatch(boundary -> catches(boundary.getEventDefinitions(), code));
    }

    /** An error event sub-process directly inside {@code scope} catches what is thrown anywhere in that scope. */
    private static boolean eventSubProcessCatches(ModelElementInstance scope, String code) {
        return scope.getChildElementsByType(SubProcess.class).stream()
                .filter(SubProcess::triggeredByEvent)
                .flatMap(sub -> sub.getChildElementsByType(StartEvent.class).stream())
                .anyMatch(start -> catches(start.getEventDefinitions(), code));
    }

    /** A definition without an error, or with an error without a code, is a catch-all. */
    private static boolean catches(Collection<EventDefinition> definitions, String code) {
        return definitions.stream()
                .filter(ErrorEventDefinition.class::isInstance)
                .map(ErrorEventDefinition.class::cast)
                .anyMatch(definition -> definition.getError() == null
                        || definition.getError().getErrorCode() == null
                        || definition.getError().getErrorCode().equals(code));
    }

    /**
     * A code the diagram has no path for at this task. The job fails with the code and its message (the incident an
     * operator sees); whether it is retried first is {@link #retryable()}.
     */
    public static final class UncaughtErrorException extends RuntimeException {

        private final String code;
        private final boolean retryable;

        UncaughtErrorException(String code, String message, boolean retryable) {
            super(message);
            this.code = code;
            this.retryable = retryable;
        }

        public String code() {
            return code;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
