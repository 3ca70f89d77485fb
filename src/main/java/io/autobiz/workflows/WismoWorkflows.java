package io.autobiz.workflows;

import io.autobiz.delegates.ProcessVariables;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** WF05 {@code wismo}: started by a customer's "where is my order?" message. */
@Component
public class WismoWorkflows {

    /** The LLM tool takes at most 4,000 characters per variable; a longer message is refused, not cut. */
    public static final int MAX_MESSAGE_LENGTH = 4000;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{2,}$");

    private final RuntimeService runtime;
    private final Approvals approvals;

    public WismoWorkflows(RuntimeService runtime, Approvals approvals) {
        this.runtime = runtime;
        this.approvals = approvals;
    }

    /**
     * A customer's message.
     *
     * @param requestId the message's own ID: the reply's idempotency intent, so one message is answered once
     * @param customerEmail the address the message came from; only an order placed with it is ever described
     * @param message the customer's free text, as written
     */
    public record WismoRequest(
            TenantId tenant, String requestId, String customerEmail, String message, String correlationId) {

        public WismoRequest {
            Objects.requireNonNull(tenant, "tenant");
            if (requestId == null || requestId.isBlank() || requestId.length() > 200) {
                throw new IllegalArgumentException("a request ID of 1 to 200 characters is required");
            }
            if (customerEmail == null
                    || customerEmail.length() > 254
                    || !EMAIL.matcher(customerEmail).matches()) {
                throw new IllegalArgumentException("customerEmail must be an email address");
            }
            if (message == null || message.isBlank() || message.length() > MAX_MESSAGE_LENGTH) {
                throw new IllegalArgumentException(
                        "message must be 1 to " + MAX_MESSAGE_LENGTH + " characters of the customer's text");
            }
        }
    }

    public ProcessInstance ask(WismoRequest request) {
        return runtime.createMessageCorrelation(WorkflowMessage.WISMO_REQUESTED.messageName())
                .withoutTenantId()
                .processInstanceBusinessKey(request.requestId())
                .setVariable(ProcessVariables.TENANT_ID, request.tenant().value())
                .setVariable(ProcessVariables.CORRELATION_ID, request.correlationId())
                .setVariable(ProcessVariables.APPROVERS_GROUP, approvals.approversGroup(request.tenant()))
                .setVariable("wismoRequestId", request.requestId())
                .setVariable("customerEmail", request.customerEmail())
                .setVariable("customerMessage", request.message())
                .correlateWithResult()
                .getProcessInstance();
    }
}
