package io.autobiz.delegates;

import io.autobiz.kernel.tenant.TenantId;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ${stopFulfilment}}: WF04's step that stops the order's running WF01 once the cancellation has been carried
 * out, so that the fulfilment run neither captures, confirms nor mails anything for a cancelled order, and does not
 * wait for a shipment that will never come. Not a tool call: it touches no provider, only the engine. The task is
 * {@code asyncBefore}, so that when the fulfilment run is busy at that moment the engine's optimistic lock fails this
 * job alone and it is retried, instead of rolling back the step before it.
 *
 * <p>How a run is stopped is the engine side's business ({@link FulfilmentRuns}); the application registers this
 * delegate under the bean name {@code stopFulfilment}.
 */
public class StopFulfilmentDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(StopFulfilmentDelegate.class);

    /** The variable that names the fulfilment runs stopped (comma-separated process instance IDs, or empty). */
    public static final String STOPPED_RUNS = "stoppedFulfilmentRuns";

    /** Stops an order's running fulfilment runs (WF01) and names them. */
    @FunctionalInterface
    public interface FulfilmentRuns {

        /** The process instance IDs stopped; empty when none was running. */
        List<String> stop(TenantId tenant, String orderId);
    }

    private final FulfilmentRuns runs;

    public StopFulfilmentDelegate(FulfilmentRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        TenantId tenant = TenantId.of((String) execution.getVariable(ProcessVariables.TENANT_ID));
        String orderId = (String) execution.getVariable("orderId");
        List<String> stopped = runs.stop(tenant, orderId);
        execution.setVariable(STOPPED_RUNS, String.join(",", stopped));
        if (!stopped.isEmpty()) {
            log.info("order {} of {} cancelled: stopped fulfilment run(s) {}", orderId, tenant, stopped);
        }
    }
}
