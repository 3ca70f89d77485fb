package io.autobiz.approvals;

import io.autobiz.delegates.InvalidDecisionException;
import io.autobiz.kernel.hitl.ApprovalRefusedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;

/**
 * Camunda's REST API answers anything a task listener throws with 500 (the engine wraps it in ENGINE-03051 and the
 * task resource turns that into a server error). A refused approval decision is the caller's problem, not the
 * server's: this handler, registered in place of Camunda's own {@link RestExceptionHandler}, finds the refusal among
 * the causes and answers 403 (not an approver of the store, or the person who asked), 404 (no such request in the store), 409 (already decided
 * or expired) or 400 (no readable decision), in Camunda's error format ({@code type}, {@code message}) plus the
 * reason. Everything else is answered as Camunda answers it.
 */
@Provider
public class ApprovalRefusalResponses extends RestExceptionHandler {

    @Override
    public Response toResponse(RestException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApprovalRefusedException refused) {
                return answer(
                        statusOf(refused.reason()),
                        "ApprovalRefused",
                        refused.getMessage(),
                        refused.reason().name());
            }
            if (cause instanceof InvalidDecisionException invalid) {
                return answer(Response.Status.BAD_REQUEST, "InvalidDecision", invalid.getMessage(), "INVALID_DECISION");
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return super.toResponse(exception);
    }

    private static Response.Status statusOf(ApprovalRefusedException.Reason reason) {
        return switch (reason) {
            case NOT_AN_APPROVER, SELF_APPROVAL -> Response.Status.FORBIDDEN;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case ALREADY_DECIDED, EXPIRED -> Response.Status.CONFLICT;
        };
    }

    private static Response answer(Response.Status status, String type, String message, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("message", message);
        body.put("reason", reason);
        return Response.status(status)
                .entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
