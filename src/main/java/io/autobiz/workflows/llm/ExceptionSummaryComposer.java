package io.autobiz.workflows.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.delegates.StructuredOutputDelegate;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.CompiledSchema;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.schema.SchemaViolation;
import io.autobiz.workflows.llm.WismoReplyComposer.Reason;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * {@code ${exceptionSummary}}: WF06's operator summary, rendered from Printful's facts with the model's answer as a
 * choice only: which of the store's fixed checks to do first ({@code workflows/schemas/exception-summary.json}). The
 * status and reason an operator acts on are Printful's own, quoted; a model cannot state another reason, invent a
 * retry history or a cause. An answer that is not that choice is refused (counted and traced, like WF05's) and the
 * summary is the facts alone, so the escalation is never held back.
 */
public class ExceptionSummaryComposer {

    static final String SCHEMA = "exception-summary";
    static final String WORKFLOW = "fulfillment-exception";

    /** The store's wording for each check an operator may be pointed to first. */
    static final Map<String, String> CHECKS = Map.of(
            "print-file", "the product's print file in Printful's dashboard",
            "shipping-address", "the shipping address on the order",
            "stock", "whether the product is in stock at Printful",
            "billing", "the store's billing method at Printful",
            "product-settings", "the product's variant and settings in Printful",
            "printful-messages", "the order's messages from Printful");

    private final CompiledSchema schema;
    private final DraftRefusals refusals;

    public ExceptionSummaryComposer(SchemaValidator validator, DraftRefusals refusals) {
        this.schema = OutputSchemas.compile(validator, SCHEMA);
        this.refusals = refusals;
    }

    /** The summary for the task and the channel; called from the summary task's output mapping. */
    public String render(String answer, DelegateExecution execution) {
        String orderName = text(execution.getVariable("printfulExternalId"));
        String status = text(execution.getVariable("fulfilmentStatus"));
        String reason = text(execution.getVariable("problemReason"));
        String facts = text(execution.getVariable("escalationFacts"));
        WismoReplyComposer.Result result = choose(answer);
        if (result instanceof WismoReplyComposer.Refused refused) {
            refusals.refused(execution, WORKFLOW, refused.reason().tag());
            return "The LLM's summary was refused (" + refused.reason().tag() + ": "
                    + String.join("; ", refused.findings()) + "). " + facts;
        }
        return "Printful could not fulfil order " + orderName + ": it is " + status + ", and Printful reported: \""
                + reason + "\". Check first: " + ((WismoReplyComposer.Rendered) result).body()
                + ", then confirm the order again in Printful.";
    }

    /** The wording of the chosen check, or why the answer is refused. */
    WismoReplyComposer.Result choose(String answer) {
        JsonNode choice;
        try {
            choice = Json.parse(StructuredOutputDelegate.withoutCodeFence(answer == null ? "" : answer.strip()));
        } catch (IllegalArgumentException notJson) {
            return new WismoReplyComposer.Refused(
                    Reason.NOT_JSON, List.of("the model's answer is not the JSON choice the prompt asks for"));
        }
        List<SchemaViolation> violations = schema.validate(choice);
        if (!violations.isEmpty()) {
            return new WismoReplyComposer.Refused(
                    Reason.OUTSIDE_SCHEMA,
                    violations.stream()
                            .map(v -> "the model's answer breaks " + SCHEMA + " at " + v.where())
                            .toList());
        }
        return new WismoReplyComposer.Rendered(
                CHECKS.get(choice.get("checkFirst").asText()));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
