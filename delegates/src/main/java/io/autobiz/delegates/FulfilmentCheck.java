package io.autobiz.delegates;

import io.autobiz.kernel.tenant.ShopifyIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What WF01 requires before it creates or captures anything, decided from what the providers say now and what the
 * engine remembers of the order's other runs. The webhook that started the run is only a trigger: a correctly signed
 * body can be delivered again long after the order was fulfilled, and the payment it names (a note attribute the
 * storefront sets) is not proof that the payment is this order's.
 *
 * <p>The checks, in this order, and the first that fails decides:
 *
 * <ol>
 *   <li>no other run of the order was let through (whatever its end), and none that started earlier is still deciding:
 *       {@link Verdict#ALREADY_FULFILLED};
 *   <li>Shopify has not cancelled the order: {@link Verdict#ORDER_CANCELLED};
 *   <li>Shopify shows it authorised or paid: {@link Verdict#ORDER_NOT_PAID};
 *   <li>the PaymentIntent was created for this order (its metadata), over the order's total, in its currency: {@link
 *       Verdict#PAYMENT_MISMATCH};
 *   <li>the PaymentIntent waits to be captured: {@link Verdict#PAYMENT_NOT_CAPTURABLE}.
 * </ol>
 */
public final class FulfilmentCheck {

    /** Shopify's financial statuses under which WF01 runs: the demo store authorises at checkout, others may capture. */
    static final Set<String> PAYABLE_STATUSES = Set.of("AUTHORIZED", "PAID");

    /** Stripe's status of an authorisation that can still be captured. */
    static final String CAPTURABLE = "requires_capture";

    private FulfilmentCheck() {}

    /** The outcome; the diagram's gateway routes on its name. */
    public enum Verdict {
        FULFIL,
        ALREADY_FULFILLED,
        ORDER_CANCELLED,
        ORDER_NOT_PAID,
        PAYMENT_MISMATCH,
        PAYMENT_NOT_CAPTURABLE
    }

    /** The order as Shopify shows it now ({@code shopify.order.get}); amounts in the currency's minor unit. */
    public record Order(String orderId, String financialStatus, boolean cancelled, long totalAmount, String currency) {
        public Order {
            Objects.requireNonNull(orderId, "orderId");
        }
    }

    /**
     * The PaymentIntent as Stripe shows it now ({@code stripe.payment.get}); {@code orderId} is the order its metadata
     * names, null when it names none.
     */
    public record Payment(String paymentIntentId, String orderId, long amount, String currency, String status) {}

    /** The verdict and, for a person reading Cockpit or the follow-up task, why. */
    public record Decision(Verdict verdict, String reason) {
        public boolean fulfil() {
            return verdict == Verdict.FULFIL;
        }
    }

    /**
     * @param otherRun another run of this order that was let through, or that started earlier and has not decided
     *     yet (its process instance ID); empty when there is none
     */
    public static Decision decide(Order order, Payment payment, Optional<String> otherRun) {
        if (otherRun.isPresent()) {
            return new Decision(
                    Verdict.ALREADY_FULFILLED, "run " + otherRun.get() + " already fulfils order " + order.orderId());
        }
        if (order.cancelled()) {
            return new Decision(Verdict.ORDER_CANCELLED, "Shopify shows order " + order.orderId() + " cancelled");
        }
        String status =
                order.financialStatus() == null ? "" : order.financialStatus().toUpperCase(Locale.ROOT);
        if (!PAYABLE_STATUSES.contains(status)) {
            return new Decision(
                    Verdict.ORDER_NOT_PAID,
                    "Shopify shows order " + order.orderId() + " with financial status '" + order.financialStatus()
                            + "', not authorised or paid");
        }
        List<String> mismatches = new ArrayList<>();
        if (!namesOrder(payment.orderId(), order.orderId())) {
            mismatches.add(
                    "it was created for order '" + (payment.orderId() == null ? "(none)" : payment.orderId()) + "'");
        }
        if (payment.amount() != order.totalAmount()) {
            mismatches.add("its amount is " + payment.amount() + ", the order's total " + order.totalAmount());
        }
        if (payment.currency() == null || !payment.currency().equalsIgnoreCase(order.currency())) {
            mismatches.add("its currency is " + payment.currency() + ", the order's " + order.currency());
        }
        if (!mismatches.isEmpty()) {
            return new Decision(
                    Verdict.PAYMENT_MISMATCH,
                    "PaymentIntent " + payment.paymentIntentId() + " does not belong to order " + order.orderId() + ": "
                            + String.join("; ", mismatches));
        }
        if (!CAPTURABLE.equals(payment.status())) {
            return new Decision(
                    Verdict.PAYMENT_NOT_CAPTURABLE,
                    "PaymentIntent " + payment.paymentIntentId() + " is '" + payment.status() + "', not " + CAPTURABLE);
        }
        return new Decision(Verdict.FULFIL, "order " + order.orderId() + " is paid by " + payment.paymentIntentId());
    }

    /**
     * Whether a PaymentIntent's metadata order names this Shopify order: its GID, or the numeric ID at the GID's end
     * (Shopify's REST and webhook form).
     */
    static boolean namesOrder(String metadataOrderId, String orderGid) {
        if (metadataOrderId == null || metadataOrderId.isBlank()) {
            return false;
        }
        String named = metadataOrderId.trim();
        if (named.equals(orderGid)) {
            return true;
        }
        return named.chars().allMatch(Character::isDigit)
                && ShopifyIds.parseOrderId(orderGid).filter(named::equals).isPresent();
    }
}
