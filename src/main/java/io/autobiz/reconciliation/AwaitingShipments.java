package io.autobiz.reconciliation;

import io.autobiz.kernel.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Run state of WF01: the orders whose workflow still waits for Printful's shipment, and the way to hand it one. */
interface AwaitingShipments {

    /**
     * @param orderId the Shopify order GID
     * @param runId the WF01 process instance
     */
    record Awaiting(long printfulOrderId, String orderId, String runId) {}

    List<Awaiting> of(TenantId tenant);

    /** Delivers a shipment the webhook never brought; empty when no run waits for it (already delivered). */
    Optional<String> deliver(TenantId tenant, long printfulOrderId, Map<String, Object> shipment);
}
