package io.autobiz.perf;

import io.autobiz.invariants.CheckerInputs;
import io.autobiz.invariants.InvariantChecker;
import io.autobiz.invariants.InvariantReport;
import io.autobiz.invariants.InvariantResult;
import io.autobiz.invariants.WorkflowRate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs the invariant checker (module {@code invariants/}, SOAK-INV-01..08) at the end of the soak on the database, the
 * receipts and the sandboxes' ledgers, with the nodes' logs, metric scrapes, the secrets the run was given and the
 * customers' personal data the harness made up, which must appear nowhere. The harness never judges an invariant
 * itself: what it reports is what the checker answered, or that the checker could not read.
 */
final class SoakInvariants {

    /** The checker's results, or why there are none. */
    record Result(
            boolean ran,
            boolean passed,
            String note,
            List<Map<String, Object>> invariants,
            List<Map<String, Object>> workflows) {}

    private SoakInvariants() {}

    static Result check(
            SoakDatabase database,
            List<Path> logs,
            List<String> metricScrapes,
            List<String> secrets,
            List<String> personalData) {
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setURL(database.url());
        owner.setUser(database.user());
        owner.setPassword(database.password());
        InvariantReport report;
        try {
            report = new InvariantChecker(owner, new CheckerInputs(logs, metricScrapes, secrets, personalData)).check();
        } catch (RuntimeException e) {
            return new Result(false, false, "the invariant checker could not read: " + e, List.of(), List.of());
        }
        List<Map<String, Object>> invariants = new ArrayList<>();
        for (InvariantResult result : report.invariants()) {
            Map<String, Object> invariant = new LinkedHashMap<>();
            invariant.put("id", result.id());
            invariant.put("description", result.description());
            invariant.put("passed", result.passed());
            invariant.put("examined", result.examined());
            invariant.put("offenders", result.offenders());
            invariants.add(invariant);
        }
        List<Map<String, Object>> workflows = new ArrayList<>();
        for (WorkflowRate rate : report.workflows()) {
            Map<String, Object> workflow = new LinkedHashMap<>();
            workflow.put("workflow", rate.workflow());
            workflow.put("processKey", rate.processKey());
            workflow.put("runs", rate.runs());
            workflow.put("succeeded", rate.succeeded());
            workflow.put("raw", rate.raw());
            workflow.put("wilsonLower95", rate.wilsonLower95());
            workflows.add(workflow);
        }
        return new Result(true, report.passed(), "checked at " + report.checkedAt(), invariants, workflows);
    }
}
