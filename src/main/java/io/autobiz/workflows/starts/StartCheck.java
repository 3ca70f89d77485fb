package io.autobiz.workflows.starts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.schema.SchemaViolation;
import io.autobiz.kernel.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a workflow's start variables against its declaration: the schema first, then what a schema cannot say, that
 * the store exists and that the approvers named are that store's. Problems name the variable and the rule, never the
 * value sent (it may be a customer's address).
 */
public final class StartCheck {

    private final BusinessConfigs configs;
    private final Approvals approvals;

    public StartCheck(BusinessConfigs configs, Approvals approvals) {
        this.configs = configs;
        this.approvals = approvals;
    }

    /** Every problem with these variables, or none. */
    public List<String> problems(StartDeclaration declaration, ObjectNode variables) {
        List<String> problems = new ArrayList<>();
        for (SchemaViolation violation : declaration.schema().validate(variables)) {
            problems.add(describe(declaration, variables, violation));
        }
        if (problems.isEmpty() && declaration.namesTheStore()) {
            TenantId tenant = TenantId.of(variables.get("tenantId").asText());
            if (configs.activeFor(tenant).isEmpty()) {
                problems.add("tenantId: no store with this ID has an active configuration");
            } else if (variables.has("approversGroup")
                    && !variables.get("approversGroup").asText().equals(approvals.approversGroup(tenant))) {
                problems.add(
                        "approversGroup: must be the store's approvers group, " + approvals.approversGroup(tenant));
            }
        }
        return problems.stream().distinct().sorted().toList();
    }

    private static String describe(StartDeclaration declaration, JsonNode variables, SchemaViolation violation) {
        if (violation.keyword().equals("required")) {
            List<String> missing = new ArrayList<>();
            for (JsonNode name : declaration.variables().path("required")) {
                if (!variables.has(name.asText())) {
                    missing.add(name.asText() + ": required, missing");
                }
            }
            return String.join("; ", missing);
        }
        String pointer = violation.pointer();
        String variable = pointer.isEmpty() ? "variables" : pointer.substring(1).split("/", 2)[0];
        if (violation.keyword().equals("additionalProperties")) {
            return variable + ": not a start variable of " + declaration.process();
        }
        return variable + ": " + violation.keyword() + " — expected " + expected(declaration, variable);
    }

    /** The declared rule for a variable, in the schema's own words (type, pattern, format, bounds). */
    private static String expected(StartDeclaration declaration, String variable) {
        JsonNode rule = declaration.variables().at("/properties").path(variable);
        StringBuilder expected = new StringBuilder(rule.path("type").toString().replace("\"", ""));
        for (String keyword : List.of("pattern", "format", "minimum", "maximum", "minLength", "maxLength")) {
            if (rule.has(keyword)) {
                expected.append(", ")
                        .append(keyword)
                        .append(' ')
                        .append(rule.get(keyword).asText());
            }
        }
        return expected.toString();
    }
}
