package io.autobiz.delegates;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.redaction.Redactor;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an approval form shows, made once from the stored request when it is made: its approved facts ({@code orderName},
 * {@code customerEmail}, and {@code orderProcessInstanceId} when the order's run is not the asking run), its amount and currency, reason and deadline, never from variables that could change while
 * the task waits. The approver cannot change any of it: the form's fields are disabled (form-js leaves them out of the
 * submission) and the completion guard refuses any variable but the decision and its comment.
 */
final class ApprovalDisplay {

    /** Cockpit's page of a process instance, relative to the application's root. */
    static final String COCKPIT_INSTANCE = "/camunda/app/cockpit/default/#/process-instance/";

    private ApprovalDisplay() {}

    /** The form's variables for {@code request}, asked for by run {@code processInstanceId}. */
    static Map<String, Object> of(ApprovalRequest request, String processInstanceId) {
        String amount = request.amountInMajorUnits()
                .map(major -> request.currency() == null ? major : major + " " + request.currency())
                .orElse(null);
        String orderName = textFact(request, ProcessVariables.ORDER_NAME);
        if (orderName == null) {
            orderName = textFact(request, ProcessVariables.ORDER_ID);
        }
        String email = textFact(request, ProcessVariables.CUSTOMER_EMAIL);
        String orderRun = textFact(request, ProcessVariables.ORDER_PROCESS_INSTANCE_ID);
        Map<String, Object> display = new LinkedHashMap<>();
        display.put(ProcessVariables.APPROVAL_ACTION, actionOf(request.tool().name(), amount, orderName));
        display.put(ProcessVariables.APPROVAL_AMOUNT_TEXT, amount);
        display.put(ProcessVariables.APPROVAL_ORDER_NAME, orderName);
        display.put(
                ProcessVariables.APPROVAL_ORDER_LINK,
                COCKPIT_INSTANCE + (orderRun == null ? processInstanceId : orderRun));
        display.put(ProcessVariables.APPROVAL_CUSTOMER, email == null ? null : Redactor.maskText(email));
        // To the second: a person reads it, and the stored request keeps less precision than the clock that made it.
        display.put(
                ProcessVariables.APPROVAL_DEADLINE,
                request.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
        return display;
    }

    /** The call in words; a tool without its own sentence is named as it is. */
    static String actionOf(String tool, String amount, String orderName) {
        String order = orderName == null ? "the order" : "order " + orderName;
        if (tool.endsWith(".refund") || tool.endsWith(".refund.create")) {
            return "Refund " + (amount == null ? "the payment" : amount) + " to the customer's card";
        }
        return switch (tool) {
            case "shopify.order.cancel" -> "Cancel " + order + " in Shopify";
            case "stripe.payment.void" -> "Release the authorised payment of " + order;
            default -> "Call " + tool + (amount == null ? "" : " for " + amount);
        };
    }

    private static String textFact(ApprovalRequest request, String name) {
        JsonNode value = request.facts().get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
