package io.autobiz.perf;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs the invariant checker ({@code io.autobiz.invariants.InvariantChecker}, module {@code invariants/}, built on its
 * own branch) at the end of the soak. Until that module is on this branch's classpath it is looked up by name, so the
 * harness builds without it; when it is missing the soak says so and does not pass (no result is ever made up).
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

    static Result check(SoakDatabase database, List<Path> logs, List<String> secrets, List<String> personalData) {
        Class<?> checkerClass;
        Class<?> inputsClass;
        try {
            checkerClass = Class.forName("io.autobiz.invariants.InvariantChecker");
            inputsClass = Class.forName("io.autobiz.invariants.CheckerInputs");
        } catch (ClassNotFoundException e) {
            return new Result(
                    false,
                    false,
                    "the invariant checker (module invariants/) is not on this build's classpath: not run",
                    List.of(),
                    List.of());
        }
        try {
            PGSimpleDataSource owner = new PGSimpleDataSource();
            owner.setURL(database.url());
            owner.setUser(database.user());
            owner.setPassword(database.password());
            Object inputs = inputsClass
                    .getConstructor(List.class, List.class, List.class, List.class)
                    .newInstance(List.copyOf(logs), List.of(), List.copyOf(secrets), List.copyOf(personalData));
            Object checker =
                    checkerClass.getConstructor(DataSource.class, inputsClass).newInstance(owner, inputs);
            Object report = checkerClass.getMethod("check").invoke(checker);
            List<Map<String, Object>> invariants = new ArrayList<>();
            for (Object result : (List<?>) call(report, "invariants")) {
                Map<String, Object> invariant = new LinkedHashMap<>();
                invariant.put("id", call(result, "id"));
                invariant.put("description", call(result, "description"));
                invariant.put("passed", call(result, "passed"));
                invariant.put("examined", call(result, "examined"));
                invariant.put("offenders", call(result, "offenders"));
                invariants.add(invariant);
            }
            List<Map<String, Object>> workflows = new ArrayList<>();
            for (Object rate : (List<?>) call(report, "workflows")) {
                Map<String, Object> workflow = new LinkedHashMap<>();
                workflow.put("workflow", call(rate, "workflow"));
                workflow.put("processKey", call(rate, "processKey"));
                workflow.put("runs", call(rate, "runs"));
                workflow.put("succeeded", call(rate, "succeeded"));
                workflow.put("raw", call(rate, "raw"));
                workflow.put("wilsonLower95", call(rate, "wilsonLower95"));
                workflows.add(workflow);
            }
            boolean passed = (Boolean) call(report, "passed");
            return new Result(true, passed, "checked at " + call(report, "checkedAt"), invariants, workflows);
        } catch (InvocationTargetException e) {
            return new Result(
                    false, false, "the invariant checker could not read: " + e.getCause(), List.of(), List.of());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Result(
                    false, false, "the invariant checker's API is not the agreed one: " + e, List.of(), List.of());
        }
    }

    private static Object call(Object target, String accessor) throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(accessor);
        method.setAccessible(true);
        return method.invoke(target);
    }
}
