package io.autobiz.delegates;

import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ${findPrintfulOrder}}: as WF04 reaches "Printful order?", the order's Printful order is the one its start
 * named or, when it named none, the one the order's WF01 run placed. A cancellation started over the engine's REST API
 * may leave {@code printfulOrderId} out (an integration need not know it); without this look-up WF04 took the
 * no-Printful branch while WF01 had already placed and confirmed the order, and the soak found orders refunded in full
 * whose goods Printful then shipped. It runs when the gateway is reached (after the order and the payment were read),
 * not at the start, so a Printful order WF01 placed in between is found too; and again at "Printful to cancel?", once
 * the refund is approved and before any money goes back, for one WF01 placed while the approval waited. Where it found
 * one it records in {@link #FOUND_AT}, so that a Printful order found only at the second look, whose status WF04 never
 * read, is cancelled (Printful refusing takes the "not cancelled" path, with no refund).
 *
 * <p>How the order's Printful order is found is the engine side's business ({@link PrintfulOrders}); the application
 * registers this listener under the bean name {@code findPrintfulOrder}.
 */
public class FindPrintfulOrderListener implements ExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(FindPrintfulOrderListener.class);

    /** The variable WF04's gateway decides on. */
    public static final String PRINTFUL_ORDER_ID = "printfulOrderId";

    /** The gateway at which the Printful order of the order's WF01 run was found, when it was. */
    public static final String FOUND_AT = "printfulOrderFoundAt";

    /** The Printful order an order's WF01 run placed, if it got that far. */
    @FunctionalInterface
    public interface PrintfulOrders {

        Optional<Long> of(TenantId tenant, String orderId);
    }

    private final PrintfulOrders orders;

    public FindPrintfulOrderListener(PrintfulOrders orders) {
        this.orders = Objects.requireNonNull(orders);
    }

    @Override
    public void notify(DelegateExecution execution) {
        if (execution.getVariable(PRINTFUL_ORDER_ID) != null) {
            return;
        }
        TenantId tenant = TenantId.of((String) execution.getVariable(ProcessVariables.TENANT_ID));
        String orderId = (String) execution.getVariable("orderId");
        orders.of(tenant, orderId).ifPresent(printfulOrder -> {
            execution.setVariable(PRINTFUL_ORDER_ID, printfulOrder);
            execution.setVariable(FOUND_AT, execution.getCurrentActivityId());
            log.info(
                    "order {} of {}: at {} the cancellation takes Printful order {}, which its fulfilment run placed",
                    orderId,
                    tenant,
                    execution.getCurrentActivityId(),
                    printfulOrder);
        });
    }
}
