package io.autobiz.reconciliation;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.reconciliation.core.LocalTruth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;

/**
 * Reads a run's order from the engine's history, which keeps the variables of running and ended instances alike
 * (the capture that a drift is about was usually made by a WF01 run that has long ended). Only the run's own
 * variables count, not a subprocess's, and only a run of the asking store: a receipt's run ID never opens another
 * store's order.
 */
final class EngineOrdersOfRuns implements OrdersOfRuns {

    static final String ORDER_ID = "orderId";
    static final String ORDER_NAME = "orderName";
    static final String CUSTOMER_EMAIL = "customerEmail";

    private final HistoryService history;

    EngineOrdersOfRuns(HistoryService history) {
        this.history = history;
    }

    @Override
    public Optional<LocalTruth.Order> of(TenantId tenant, String runId) {
        if (runId == null || runId.isBlank()) {
            return Optional.empty();
        }
        HistoricProcessInstance run = history.createHistoricProcessInstanceQuery()
                .processInstanceId(runId)
                .tenantIdIn(tenant.value())
                .singleResult();
        if (run == null) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
                .processInstanceId(runId)
                .variableNameIn(ORDER_ID, ORDER_NAME, CUSTOMER_EMAIL)
                .list()) {
            // The instance's own scope: its execution is the process instance itself.
            if (runId.equals(variable.getActivityInstanceId()) || runId.equals(variable.getExecutionId())) {
                Object value = variable.getValue();
                if (value != null) {
                    values.put(variable.getName(), value.toString());
                }
            }
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new LocalTruth.Order(values.get(ORDER_ID), values.get(ORDER_NAME), values.get(CUSTOMER_EMAIL), runId));
    }
}
