package io.autobiz.reconciliation.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What AutoBiz believes about its orders, payments, refunds and fulfilments, and how to correct it. Implemented over
 * whatever records the application keeps (receipts, run state, stored events).
 */
public interface LocalTruth {

    /** The kinds of entity reconciled. */
    enum Kind {
        ORDER,
        PAYMENT,
        REFUND,
        FULFILMENT
    }

    /**
     * One entity to check.
     *
     * @param providerRead the read-only tool that returns the provider's truth, e.g. {@code stripe.payment.get@1}
     * @param readInput that tool's input
     * @param expected what AutoBiz believes: JSON pointer into the tool's output → expected value as text (null: the
     *     provider should not have it, e.g. no shipment yet)
     * @param position where the latest local fact behind {@code expected} stands in the store's history (for AutoBiz:
     *     a receipt's chain position), so that a closeout checks only what changed since the last one; 0 for a record
     *     that is open by nature (a run still waiting for its shipment) and is checked every time
     */
    record LocalRecord(
            Kind kind,
            EntityId entityId,
            ToolRef providerRead,
            ObjectNode readInput,
            Map<String, String> expected,
            long position) {

        /** A record that is checked every time. */
        public LocalRecord(
                Kind kind,
                EntityId entityId,
                ToolRef providerRead,
                ObjectNode readInput,
                Map<String, String> expected) {
            this(kind, entityId, providerRead, readInput, expected, 0);
        }
    }

    /**
     * The provider call that repairs a financial drift once an approver has approved exactly it: a FINANCIAL tool,
     * so the kernel's approval gate (step 5) lets it through only with the approved arguments.
     *
     * @param reason what the approver is shown
     * @param currency ISO 4217 code of the amount in {@code input}
     * @param order the order the payment belongs to, for the approval form ({@link Order#UNKNOWN} when not known)
     */
    record FinancialRepair(ToolRef tool, ObjectNode input, String currency, String reason, Order order) {

        /** A repair whose order is not known (e.g. a payment taken outside any workflow). */
        public FinancialRepair(ToolRef tool, ObjectNode input, String currency, String reason) {
            this(tool, input, currency, reason, Order.UNKNOWN);
        }

        public FinancialRepair {
            order = order == null ? Order.UNKNOWN : order;
        }
    }

    /**
     * The order a financial repair is about, as the run that took or refunded its payment knew it, so that the person
     * asked to approve the repair sees which order and which customer it is (any field may be null when unknown).
     *
     * @param orderId the Shopify order GID
     * @param orderName what the store calls it, e.g. {@code #1001}
     * @param customerEmail the customer's address; shown masked, never logged
     * @param runId the process instance that took or refunded the payment
     */
    record Order(String orderId, String orderName, String customerEmail, String runId) {
        public static final Order UNKNOWN = new Order(null, null, null, null);
    }

    List<LocalRecord> recordsToCheck(TenantId tenant);

    /**
     * Makes AutoBiz and the provider agree again for one non-financial drift, through the kernel as {@code run}, and
     * says what was done (kept in the reconciliation row). Must be idempotent: a second repair of the same drift
     * changes nothing more.
     */
    String repair(RunContext run, Drift drift);

    /** The approved call that repairs a financial drift, if one exists; otherwise an operator must look at it. */
    default Optional<FinancialRepair> financialRepair(Drift drift) {
        return Optional.empty();
    }
}
