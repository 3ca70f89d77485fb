package io.autobiz.app.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.receipt.ReceiptStore;
import io.autobiz.kernel.reconciliation.Drift;
import io.autobiz.kernel.reconciliation.LocalTruth;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What AutoBiz believes, from its receipts and its workflows' run state:
 *
 * <ul>
 *   <li>payments: every Stripe capture receipt is an amount Stripe must confirm as received ({@code
 *       stripe.payment.get@1}). More received than captured is refunded, after approval; less has no automatic repair.
 *   <li>fulfilments: every WF01 run still waiting for its shipment believes Printful has not shipped ({@code
 *       printful.shipments.get@1} has no tracking number). If Printful did ship (the webhook was lost), the repair
 *       records the tracking on the Shopify order ({@code shopify.order.update@1}, through the kernel) and hands the
 *       shipment to the waiting run, which tells the customer.
 * </ul>
 *
 * Every provider call goes through the kernel as the reconciling run, so permissions, bounds, idempotency and receipts
 * apply; a repair made twice (the schedule and WF07 at once) updates Shopify once and continues the run once.
 */
final class AutoBizLocalTruth implements LocalTruth {

    private static final Logger log = LoggerFactory.getLogger(AutoBizLocalTruth.class);
    static final ToolRef STRIPE_PAYMENT_GET = ToolRef.parse("stripe.payment.get@1");
    static final ToolRef PRINTFUL_SHIPMENTS_GET = ToolRef.parse("printful.shipments.get@1");
    static final ToolRef SHOPIFY_ORDER_UPDATE = ToolRef.parse("shopify.order.update@1");
    static final ToolRef STRIPE_REFUND_CREATE = ToolRef.parse("stripe.refund.create@1");
    static final String AMOUNT_RECEIVED = "/amountReceived";
    static final String FIRST_TRACKING_NUMBER = "/shipments/0/trackingNumber";

    private static final String STRIPE_PAYMENT_CAPTURE = "stripe.payment.capture@";

    private final ReceiptStore receipts;
    private final KernelExecutor kernel;
    private final AwaitingShipments shipments;

    AutoBizLocalTruth(ReceiptStore receipts, KernelExecutor kernel, AwaitingShipments shipments) {
        this.receipts = receipts;
        this.kernel = kernel;
        this.shipments = shipments;
    }

    @Override
    public List<LocalRecord> recordsToCheck(TenantId tenant) {
        List<LocalRecord> records = new ArrayList<>();
        captures(tenant)
                .forEach((paymentIntent, captured) -> records.add(new LocalRecord(
                        Kind.PAYMENT,
                        EntityId.of(tenant, "payment", paymentIntent),
                        STRIPE_PAYMENT_GET,
                        Json.object().put("paymentIntentId", paymentIntent),
                        Map.of(AMOUNT_RECEIVED, String.valueOf(captured.amount())))));
        for (AwaitingShipments.Awaiting awaiting : shipments.of(tenant)) {
            Map<String, String> notShipped = new HashMap<>();
            notShipped.put(FIRST_TRACKING_NUMBER, null);
            records.add(new LocalRecord(
                    Kind.FULFILMENT,
                    EntityId.of(tenant, "fulfilment", String.valueOf(awaiting.printfulOrderId())),
                    PRINTFUL_SHIPMENTS_GET,
                    Json.object().put("printfulOrderId", awaiting.printfulOrderId()),
                    notShipped));
        }
        return records;
    }

    @Override
    public String repair(RunContext run, Drift drift) {
        if (drift.kind() != Kind.FULFILMENT || !FIRST_TRACKING_NUMBER.equals(drift.field())) {
            throw new IllegalArgumentException("no automatic repair for " + drift.kind() + " " + drift.field());
        }
        long printfulOrderId = Long.parseLong(drift.entityId().localId());
        AwaitingShipments.Awaiting awaiting = shipments.of(drift.tenant()).stream()
                .filter(a -> a.printfulOrderId() == printfulOrderId)
                .findFirst()
                .orElse(null);
        if (awaiting == null) {
            return "no run waits for Printful order " + printfulOrderId + " any more; nothing to do";
        }
        JsonNode shipment = kernel.execute(
                        run,
                        new ToolCall(PRINTFUL_SHIPMENTS_GET, Json.object().put("printfulOrderId", printfulOrderId)))
                .output()
                .path("shipments")
                .path(0);
        Map<String, Object> tracking = new LinkedHashMap<>();
        tracking.put("trackingNumber", shipment.path("trackingNumber").asText(""));
        tracking.put("trackingUrl", shipment.path("trackingUrl").asText(""));
        tracking.put("carrier", shipment.path("carrier").asText(""));
        var update = Json.object().put("orderId", awaiting.orderId());
        update.putArray("tags").add("shipped");
        update.put(
                "note",
                "Shipped by Printful (" + tracking.get("carrier") + " " + tracking.get("trackingNumber")
                        + "); recorded by AutoBiz reconciliation");
        var updated = kernel.execute(run, new ToolCall(SHOPIFY_ORDER_UPDATE, update));
        Optional<String> continued = shipments.deliver(drift.tenant(), printfulOrderId, tracking);
        log.info(
                "fulfilment drift {} repaired: Shopify order updated{}, shipment {}",
                drift.reconciliationId(),
                updated.replayed() ? " (already, replayed)" : "",
                continued.map(id -> "delivered to run " + id).orElse("already delivered"));
        return "shopify.order.update@1 on " + awaiting.orderId() + " (tag shipped, tracking "
                + tracking.get("trackingNumber") + ")" + (updated.replayed() ? " replayed" : "") + "; "
                + continued.map(id -> "ShipmentSent delivered to run " + id).orElse("no run waited any more");
    }

    /** An over-capture is refunded (reason {@code duplicate}); nothing else has an automatic repair. */
    @Override
    public Optional<FinancialRepair> financialRepair(Drift drift) {
        if (drift.kind() != Kind.PAYMENT || !AMOUNT_RECEIVED.equals(drift.field()) || drift.providerValue() == null) {
            return Optional.empty();
        }
        long over = Long.parseLong(drift.providerValue()) - Long.parseLong(drift.localValue());
        if (over <= 0) {
            return Optional.empty();
        }
        String paymentIntent = drift.entityId().localId();
        Capture capture = captures(drift.tenant()).get(paymentIntent);
        return Optional.of(new FinancialRepair(
                STRIPE_REFUND_CREATE,
                Json.object().put("paymentIntentId", paymentIntent).put("amount", over),
                capture == null || capture.currency().isBlank()
                        ? null
                        : capture.currency().toUpperCase(java.util.Locale.ROOT),
                "Stripe received " + drift.providerValue() + " for " + paymentIntent + " but AutoBiz captured "
                        + drift.localValue() + ": refund the difference"));
    }

    private record Capture(long amount, String currency) {}

    /**
     * Captured amount per payment intent, from the store's capture receipts (the latest wins). A capture is a WRITE,
     * so its receipt carries no money columns: the amount is what Stripe answered, in the sealed response.
     */
    private Map<String, Capture> captures(TenantId tenant) {
        Map<String, Capture> captures = new LinkedHashMap<>();
        for (Receipt receipt : receipts.chain(tenant)) {
            if (!receipt.tool().startsWith(STRIPE_PAYMENT_CAPTURE)) {
                continue;
            }
            JsonNode response = receipts.open(receipt).path("response");
            String paymentIntent = response.path("paymentIntentId").asText("");
            if (!paymentIntent.isEmpty() && response.path("amountReceived").isIntegralNumber()) {
                captures.put(
                        paymentIntent,
                        new Capture(
                                response.get("amountReceived").asLong(),
                                response.path("currency").asText("")));
            }
        }
        return captures;
    }
}
