package io.autobiz.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.reconciliation.core.Drift;
import io.autobiz.reconciliation.core.LocalTruth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *   <li>refunds: for every payment AutoBiz captured or refunded, its Stripe refund receipts add up to what Stripe
 *       must show as refunded (0 without any; {@code stripe.payment.get@1} {@code /amountRefunded}, its latest
 *       charge's {@code amount_refunded}). Less refunded at Stripe than AutoBiz recorded (a refund that did not
 *       stick) is refunded again, the difference, after approval; more has no automatic repair. A refund re-issued that way replaces the one that did not stick, so it is not
 *       added again; a refund of an over-capture is a refund like any other, and also raises what the payment expects
 *       Stripe to have received (Stripe's {@code amount_received} does not drop on a refund).
 *   <li>orders: every order AutoBiz cancelled ({@code shopify.order.cancel@1} receipts) must be cancelled in Shopify
 *       ({@code shopify.order.get@1} {@code /cancelled}). Shopify cancels asynchronously and its job can fail; the
 *       repair cancels again, through the kernel, with the original reason, restock and amount (so the store's
 *       approval rule for cancellations still applies) and the drift's ID in the intent.
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
    static final ToolRef SHOPIFY_ORDER_GET = ToolRef.parse("shopify.order.get@1");
    static final ToolRef SHOPIFY_ORDER_CANCEL = ToolRef.parse("shopify.order.cancel@1");
    static final String AMOUNT_RECEIVED = "/amountReceived";
    static final String AMOUNT_REFUNDED = "/amountRefunded";
    static final String CANCELLED = "/cancelled";
    static final String FIRST_TRACKING_NUMBER = "/shipments/0/trackingNumber";
    /**
     * The reference of a refund WF07 makes after approval ({@code reference} is part of the refund's intent): an
     * over-capture's refund is {@code reconciliation-{id}}, a refund re-issued because one did not stick
     * {@code reconciliation-refund-{id}}.
     */
    static final String REPAIR_REFERENCE = "reconciliation-";

    static final String REISSUE_REFERENCE = "reconciliation-refund-";

    private static final String STRIPE_PAYMENT_CAPTURE = "stripe.payment.capture@";
    private static final String STRIPE_REFUND = "stripe.refund.create@";
    private static final String SHOPIFY_CANCEL = "shopify.order.cancel@";
    private static final Set<String> REFUND_NOT_MADE = Set.of("failed", "canceled");

    private final JdbcReceipts receipts;
    private final KernelExecutor kernel;
    private final AwaitingShipments shipments;
    private final OrdersOfRuns orders;

    AutoBizLocalTruth(JdbcReceipts receipts, KernelExecutor kernel, AwaitingShipments shipments, OrdersOfRuns orders) {
        this.receipts = receipts;
        this.kernel = kernel;
        this.shipments = shipments;
        this.orders = orders;
    }

    @Override
    public List<LocalRecord> recordsToCheck(TenantId tenant) {
        List<LocalRecord> records = new ArrayList<>();
        Ledger ledger = ledger(tenant);
        ledger.captures()
                .forEach((paymentIntent, captured) -> records.add(new LocalRecord(
                        Kind.PAYMENT,
                        EntityId.of(tenant, "payment", paymentIntent),
                        STRIPE_PAYMENT_GET,
                        Json.object().put("paymentIntentId", paymentIntent),
                        Map.of(
                                AMOUNT_RECEIVED,
                                String.valueOf(captured.amount()
                                        + ledger.refunds()
                                                .getOrDefault(paymentIntent, Refunded.NONE)
                                                .overCapture())),
                        ledger.positionOf(paymentIntent))));
        // Every payment AutoBiz captured or refunded: one it captured and never refunded must show nothing refunded (a
        // refund made outside AutoBiz is drift too, for an operator).
        Set<String> payments = new LinkedHashSet<>(ledger.captures().keySet());
        payments.addAll(ledger.refunds().keySet());
        for (String paymentIntent : payments) {
            records.add(new LocalRecord(
                    Kind.REFUND,
                    EntityId.of(tenant, "refund", paymentIntent),
                    STRIPE_PAYMENT_GET,
                    Json.object().put("paymentIntentId", paymentIntent),
                    Map.of(
                            AMOUNT_REFUNDED,
                            String.valueOf(ledger.refunds()
                                    .getOrDefault(paymentIntent, Refunded.NONE)
                                    .amount())),
                    ledger.positionOf(paymentIntent)));
        }
        ledger.cancels()
                .forEach((orderId, cancel) -> records.add(new LocalRecord(
                        Kind.ORDER,
                        EntityId.of(tenant, "order", orderId),
                        SHOPIFY_ORDER_GET,
                        Json.object().put("orderId", orderId),
                        Map.of(CANCELLED, "true"),
                        ledger.positionOf(orderId))));
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
        if (drift.kind() == Kind.ORDER && CANCELLED.equals(drift.field())) {
            return cancelAgain(run, drift);
        }
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

    /**
     * An over-capture is refunded (reason {@code duplicate}, reference {@code reconciliation-{id}}); a refund that did
     * not stick (Stripe shows less refunded than AutoBiz's receipts) is refunded again, the difference, with reference
     * {@code reconciliation-refund-{id}}. Less received or more refunded than AutoBiz knows of has no automatic repair.
     * The amount is the one the row recorded when the drift was found: the approver sees it, and approves exactly it.
     */
    @Override
    public Optional<FinancialRepair> financialRepair(Drift drift) {
        if (drift.providerValue() == null || drift.localValue() == null) {
            return Optional.empty();
        }
        String paymentIntent = drift.entityId().localId();
        TenantId tenant = drift.tenant();
        if (drift.kind() == Kind.PAYMENT && AMOUNT_RECEIVED.equals(drift.field())) {
            long over = Long.parseLong(drift.providerValue()) - Long.parseLong(drift.localValue());
            if (over <= 0) {
                return Optional.empty();
            }
            // One read of the store's receipt chain for both the currency and the order.
            Ledger ledger = ledger(tenant);
            return Optional.of(new FinancialRepair(
                    STRIPE_REFUND_CREATE,
                    refundInput(paymentIntent, over, REPAIR_REFERENCE + drift.reconciliationId(), "duplicate"),
                    currencyOf(ledger, paymentIntent),
                    "Stripe received " + drift.providerValue() + " for " + paymentIntent + " but AutoBiz captured "
                            + drift.localValue() + ": refund the difference",
                    orderOf(tenant, ledger, paymentIntent)));
        }
        if (drift.kind() == Kind.REFUND && AMOUNT_REFUNDED.equals(drift.field())) {
            long missing = Long.parseLong(drift.localValue()) - Long.parseLong(drift.providerValue());
            if (missing <= 0) {
                return Optional.empty();
            }
            Ledger ledger = ledger(tenant);
            return Optional.of(new FinancialRepair(
                    STRIPE_REFUND_CREATE,
                    refundInput(
                            paymentIntent,
                            missing,
                            REISSUE_REFERENCE + drift.reconciliationId(),
                            "requested_by_customer"),
                    currencyOf(ledger, paymentIntent),
                    "AutoBiz refunded " + drift.localValue() + " of " + paymentIntent + " but Stripe shows "
                            + drift.providerValue() + " refunded: refund the " + missing + " that did not stick",
                    orderOf(tenant, ledger, paymentIntent)));
        }
        return Optional.empty();
    }

    /**
     * A refund repair in Stripe's terms: an over-capture is money taken twice ({@code duplicate}); a refund that did
     * not stick is issued again for the reason AutoBiz refunds at all ({@code requested_by_customer}: WF03 and WF04).
     */
    private static com.fasterxml.jackson.databind.node.ObjectNode refundInput(
            String paymentIntent, long amount, String reference, String stripeReason) {
        return Json.object()
                .put("paymentIntentId", paymentIntent)
                .put("amount", amount)
                .put("reference", reference)
                .put("reason", stripeReason);
    }

    /**
     * The order of a payment, from the run that captured it (WF01), else the run that last refunded it (WF03, WF04):
     * its receipt names the run, and the run's variables name the order and the customer. Unknown when the payment
     * was taken outside a workflow or the run's history is gone.
     */
    private LocalTruth.Order orderOf(TenantId tenant, Ledger ledger, String paymentIntent) {
        return Optional.ofNullable(ledger.captures().get(paymentIntent))
                .map(Capture::runId)
                .or(() ->
                        Optional.ofNullable(ledger.refunds().get(paymentIntent)).map(Refunded::runId))
                .flatMap(run -> orders.of(tenant, run))
                .orElse(LocalTruth.Order.UNKNOWN);
    }

    private static String currencyOf(Ledger ledger, String paymentIntent) {
        String currency = Optional.ofNullable(ledger.captures().get(paymentIntent))
                .map(Capture::currency)
                .filter(c -> !c.isBlank())
                .orElseGet(() -> ledger.refunds()
                        .getOrDefault(paymentIntent, Refunded.NONE)
                        .currency());
        return currency == null || currency.isBlank() ? null : currency.toUpperCase(Locale.ROOT);
    }

    /**
     * Cancels again an order AutoBiz cancelled but Shopify shows open. The order is read again first: another pass (the
     * schedule and WF07 at once) may have repaired it meanwhile, and Shopify refuses to cancel a cancelled order. The
     * call carries the drift's ID in its intent ({@code reconciliationId}): with the first cancel's intent the kernel
     * would replay that cancel's receipt and Shopify would hear nothing; with the drift's, a repeated repair of the
     * same drift is a replay, and a later drift on the same order is a new call. The original request's reason,
     * restock and amount are sent again (the amount only for the store's approval rule: a cancellation that needed an
     * approval needs one again, and without it the kernel refuses and the row stays REPAIR_FAILED for an operator);
     * the customer is not notified a second time.
     */
    private String cancelAgain(RunContext run, Drift drift) {
        String orderId = drift.entityId().localId();
        JsonNode order = kernel.execute(
                        run, new ToolCall(SHOPIFY_ORDER_GET, Json.object().put("orderId", orderId)))
                .output();
        if (order.path("cancelled").asBoolean(false)) {
            return "Shopify order " + orderId + " is cancelled now ("
                    + order.path("cancelledAt").asText("") + ");" + " nothing to do";
        }
        JsonNode original = ledger(drift.tenant()).cancels().get(orderId);
        var cancel = Json.object()
                .put("orderId", orderId)
                .put(
                        "reason",
                        original == null ? "OTHER" : original.path("reason").asText("OTHER"))
                .put("restock", original == null || original.path("restock").asBoolean(true))
                .put("notifyCustomer", false)
                .put(
                        "staffNote",
                        "AutoBiz reconciliation " + drift.reconciliationId()
                                + ": the earlier cancellation did not take effect; cancelled again")
                .put("reconciliationId", drift.reconciliationId());
        if (original != null && original.path("amount").canConvertToLong()) {
            cancel.put("amount", original.get("amount").asLong());
        }
        var cancelled = kernel.execute(run, new ToolCall(SHOPIFY_ORDER_CANCEL, cancel));
        JsonNode job = cancelled.output();
        log.info(
                "order drift {} repaired: Shopify order {} cancelled again{}",
                drift.reconciliationId(),
                orderId,
                cancelled.replayed() ? " (already, replayed)" : "");
        return "shopify.order.cancel@1 on " + orderId + " sent again (reason "
                + cancel.get("reason").asText()
                + ", job " + job.path("jobId").asText("") + (job.path("done").asBoolean(false) ? ", done" : "")
                + ")" + (cancelled.replayed() ? " replayed" : "");
    }

    private record Capture(long amount, String currency, String runId) {}

    /** What AutoBiz refunded of one payment; {@code overCapture} is the part that refunded an over-capture. */
    private record Refunded(long amount, long overCapture, String currency, String runId) {
        static final Refunded NONE = new Refunded(0, 0, null, null);
    }

    /**
     * From the store's receipts: the captured amount per payment intent (the latest capture wins), the refunded amount
     * per payment intent, and the latest cancel request per Shopify order. Captures and cancels are WRITEs whose
     * receipts carry no money columns, so amounts are what the provider answered, in the sealed response; a refund is
     * counted once per Stripe refund ID (a call re-executed after the idempotency window may be receipted twice for the
     * same refund), not when Stripe answered {@code failed} or {@code canceled}, and not when it re-issues a refund that
     * did not stick (that one is already counted).
     */
    private record Ledger(
            Map<String, Capture> captures,
            Map<String, Refunded> refunds,
            Map<String, JsonNode> cancels,
            Map<String, Long> positions) {

        /**
         * The chain position of the latest receipt about a payment intent (capture or refund, a re-issued one too) or
         * an order (cancel): a closeout checks it again once something newer than its last run happened to it.
         */
        long positionOf(String localId) {
            return positions.getOrDefault(localId, 0L);
        }
    }

    private Ledger ledger(TenantId tenant) {
        Map<String, Capture> captures = new LinkedHashMap<>();
        Map<String, Map<String, Long>> refundIds = new LinkedHashMap<>();
        Map<String, Refunded> refunds = new LinkedHashMap<>();
        Map<String, JsonNode> cancels = new LinkedHashMap<>();
        Map<String, Long> positions = new HashMap<>();
        for (Receipt receipt : receipts.chain(tenant)) {
            String tool = receipt.tool();
            if (tool.startsWith(STRIPE_PAYMENT_CAPTURE)) {
                JsonNode response = receipts.open(receipt).path("response");
                String paymentIntent = response.path("paymentIntentId").asText("");
                if (!paymentIntent.isEmpty() && response.path("amountReceived").isIntegralNumber()) {
                    positions.put(paymentIntent, receipt.chainSeq());
                    captures.put(
                            paymentIntent,
                            new Capture(
                                    response.get("amountReceived").asLong(),
                                    response.path("currency").asText(""),
                                    receipt.executionId()));
                }
            } else if (tool.startsWith(STRIPE_REFUND)) {
                JsonNode opened = receipts.open(receipt);
                JsonNode request = opened.path("request");
                JsonNode response = opened.path("response");
                // The payment AutoBiz asked to refund (Stripe answers with the same one).
                String paymentIntent = request.path("paymentIntentId")
                        .asText(response.path("paymentIntentId").asText(""));
                if (!paymentIntent.isEmpty()) {
                    positions.put(paymentIntent, receipt.chainSeq());
                }
                String refundId = response.path("refundId").asText(receipt.receiptId());
                String reference = request.path("reference").asText("");
                if (paymentIntent.isEmpty()
                        || !response.path("amount").isIntegralNumber()
                        || REFUND_NOT_MADE.contains(response.path("status").asText(""))
                        || reference.startsWith(REISSUE_REFERENCE)
                        || refundIds
                                        .computeIfAbsent(paymentIntent, k -> new HashMap<>())
                                        .putIfAbsent(refundId, 0L)
                                != null) {
                    continue;
                }
                long amount = response.get("amount").asLong();
                Refunded before = refunds.getOrDefault(paymentIntent, Refunded.NONE);
                refunds.put(
                        paymentIntent,
                        new Refunded(
                                before.amount() + amount,
                                before.overCapture() + (reference.startsWith(REPAIR_REFERENCE) ? amount : 0),
                                response.path("currency").asText(before.currency()),
                                receipt.executionId()));
            } else if (tool.startsWith(SHOPIFY_CANCEL)) {
                JsonNode request = receipts.open(receipt).path("request");
                String orderId = request.path("orderId").asText("");
                if (!orderId.isEmpty()) {
                    positions.put(orderId, receipt.chainSeq());
                    cancels.put(orderId, request);
                }
            }
        }
        return new Ledger(captures, refunds, cancels, positions);
    }
}
