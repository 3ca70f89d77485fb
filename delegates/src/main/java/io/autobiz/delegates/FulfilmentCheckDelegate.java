package io.autobiz.delegates;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;

/**
 * {@code ${fulfilmentCheck}}: WF01's check between reading the order and the payment and creating anything. It maps
 * the facts the two read tasks stored to a {@link FulfilmentCheck} and sets {@value #VERDICT} (the {@link
 * FulfilmentCheck.Verdict}'s name, for the diagram's gateway) and {@value #REASON}; for a payment that does not match
 * its order it also sets the store's approvers group, the candidates of the follow-up task.
 *
 * <p>The order's other runs come from the engine's history (same process definition key, same store, the order as
 * business key or {@code orderId} variable), because a finished run is gone from the runtime tables: a run counts when
 * it was let through ({@value #VERDICT} {@code FULFIL}), or when it is still running, has not decided yet and started
 * before this one (so of two runs started together exactly one goes on).
 */
public class FulfilmentCheckDelegate implements JavaDelegate {

    /** The verdict's name: {@code FULFIL}, {@code ALREADY_FULFILLED}, ... */
    public static final String VERDICT = "fulfilmentCheck";

    /** Why, in words, for Cockpit and the follow-up task. */
    public static final String REASON = "fulfilmentCheckReason";

    private final Function<TenantId, String> approversGroups;

    /** @param approversGroups the store's approvers group: candidates of the run's follow-up tasks */
    public FulfilmentCheckDelegate(Function<TenantId, String> approversGroups) {
        this.approversGroups = Objects.requireNonNull(approversGroups);
    }

    @Override
    public void execute(DelegateExecution execution) {
        RunContext run = TaskInputs.runOf(execution);
        String orderId = text(execution, "orderId");
        FulfilmentCheck.Order order = new FulfilmentCheck.Order(
                orderId,
                text(execution, "orderFinancialStatus"),
                Boolean.TRUE.equals(execution.getVariable("orderCancelled")),
                amount(execution, "orderTotal"),
                text(execution, "currency"));
        FulfilmentCheck.Payment payment = new FulfilmentCheck.Payment(
                text(execution, "paymentIntentId"),
                text(execution, "paymentOrderId"),
                amount(execution, "paymentAmount"),
                text(execution, "paymentCurrency"),
                text(execution, "authorisationStatus"));
        FulfilmentCheck.Decision decision = FulfilmentCheck.decide(
                order, payment, otherRun(execution.getProcessEngineServices().getHistoryService(), run, orderId));
        execution.setVariable(VERDICT, decision.verdict().name());
        execution.setVariable(REASON, decision.reason());
        // Candidates of the run's tasks for a person: the follow-up of a mismatched payment now, of a confirmation
        // Printful refuses later.
        execution.setVariable(ProcessVariables.APPROVERS_GROUP, approversGroups.apply(run.tenant()));
    }

    private static Optional<String> otherRun(HistoryService history, RunContext run, String orderId) {
        Map<String, HistoricProcessInstance> runs = new LinkedHashMap<>();
        List.of(
                        history.createHistoricProcessInstanceQuery()
                                .processDefinitionKey(run.workflow())
                                .tenantIdIn(run.tenant().value())
                                .processInstanceBusinessKey(orderId)
                                .list(),
                        history.createHistoricProcessInstanceQuery()
                                .processDefinitionKey(run.workflow())
                                .tenantIdIn(run.tenant().value())
                                .variableValueEquals("orderId", orderId)
                                .list())
                .forEach(found -> found.forEach(instance -> runs.put(instance.getId(), instance)));
        HistoricProcessInstance self = runs.remove(run.runId());
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> verdicts = new LinkedHashMap<>();
        for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
                .processInstanceIdIn(runs.keySet().toArray(String[]::new))
                .variableName(VERDICT)
                .list()) {
            verdicts.put(variable.getProcessInstanceId(), variable.getValue());
        }
        return runs.values().stream()
                .filter(other -> FulfilmentCheck.Verdict.FULFIL.name().equals(verdicts.get(other.getId()))
                        || (other.getEndTime() == null
                                && !verdicts.containsKey(other.getId())
                                && startedBefore(other, self)))
                .min(Comparator.comparing(HistoricProcessInstance::getStartTime))
                .map(HistoricProcessInstance::getId);
    }

    /** Start times can be equal to the millisecond; the IDs then decide, the same way for both runs. */
    private static boolean startedBefore(HistoricProcessInstance other, HistoricProcessInstance self) {
        if (self == null) {
            return true;
        }
        Date mine = self.getStartTime();
        int byTime = other.getStartTime().compareTo(mine);
        return byTime < 0 || (byTime == 0 && other.getId().compareTo(self.getId()) < 0);
    }

    private static String text(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        return value == null ? null : value.toString();
    }

    private static long amount(DelegateExecution execution, String name) {
        return execution.getVariable(name) instanceof Number number ? number.longValue() : -1;
    }
}
