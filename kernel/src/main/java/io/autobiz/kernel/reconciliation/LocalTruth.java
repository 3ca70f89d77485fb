package io.autobiz.kernel.reconciliation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import java.util.List;
import java.util.Map;

/**
 * What AutoBiz believes about its orders, payments, refunds and fulfilments, and how to correct it. Implemented over
 * whatever records the application keeps (receipts, state versions).
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
     * @param expected what AutoBiz believes: JSON pointer into the tool's output → expected value as text
     */
    record LocalRecord(
            Kind kind, EntityId entityId, ToolRef providerRead, ObjectNode readInput, Map<String, String> expected) {}

    List<LocalRecord> recordsToCheck(TenantId tenant);

    /** Makes local truth agree with the provider for one drifted field. */
    void repair(Drift drift);
}
