package io.autobiz.invariants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** What the checker found: the eight invariants and each workflow's success rate. */
public record InvariantReport(Instant checkedAt, List<InvariantResult> invariants, List<WorkflowRate> workflows) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public InvariantReport {
        invariants = List.copyOf(invariants);
        workflows = List.copyOf(workflows);
    }

    /** Every invariant passed. */
    public boolean passed() {
        return invariants.stream().allMatch(InvariantResult::passed);
    }

    /** The result of one invariant, by its ID. */
    public InvariantResult invariant(String id) {
        return invariants.stream()
                .filter(result -> result.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no invariant " + id));
    }

    /**
     * The report as JSON, with the records' field names (the soak report and docs/exit-criteria.md read them):
     * {@code checkedAt} (ISO-8601), {@code passed}, {@code invariants[]} and {@code workflows[]}.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("checkedAt", checkedAt.toString());
        root.put("passed", passed());
        ArrayNode results = root.putArray("invariants");
        for (InvariantResult result : invariants) {
            ObjectNode node = results.addObject();
            node.put("id", result.id());
            node.put("description", result.description());
            node.put("passed", result.passed());
            node.put("examined", result.examined());
            ArrayNode offenders = node.putArray("offenders");
            result.offenders().forEach(offenders::add);
        }
        ArrayNode rates = root.putArray("workflows");
        for (WorkflowRate rate : workflows) {
            ObjectNode node = rates.addObject();
            node.put("workflow", rate.workflow());
            node.put("processKey", rate.processKey());
            node.put("runs", rate.runs());
            node.put("succeeded", rate.succeeded());
            node.put("raw", rate.raw());
            node.put("wilsonLower95", rate.wilsonLower95());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the invariant report", e);
        }
    }

    /** The report as Markdown: a table of the invariants, the offenders of each failed one, the success rates. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Invariant check\n\n");
        md.append("Checked at ").append(checkedAt).append(": **").append(passed() ? "PASSED" : "FAILED");
        md.append("**\n\n| Invariant | Result | Examined | What it means |\n|---|---|---:|---|\n");
        for (InvariantResult result : invariants) {
            md.append("| ")
                    .append(result.id())
                    .append(" | ")
                    .append(result.passed() ? "pass" : "**FAIL**")
                    .append(" | ")
                    .append(result.examined())
                    .append(" | ")
                    .append(cell(result.description()))
                    .append(" |\n");
        }
        for (InvariantResult result : invariants) {
            if (result.passed()) {
                continue;
            }
            md.append("\n## ").append(result.id()).append(" failed\n\n");
            result.offenders()
                    .forEach(offender -> md.append("- ").append(offender).append('\n'));
        }
        md.append("\n## Success rate per workflow\n\n");
        md.append("| Workflow | Process key | Runs | Succeeded | Rate | Wilson lower bound (95%) |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (WorkflowRate rate : workflows) {
            md.append("| ")
                    .append(rate.workflow())
                    .append(" | ")
                    .append(rate.processKey())
                    .append(" | ")
                    .append(rate.runs())
                    .append(" | ")
                    .append(rate.succeeded())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.4f", rate.raw()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.4f", rate.wilsonLower95()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
