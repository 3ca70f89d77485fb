package io.autobiz.sandbox.stripe;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxObjects;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * PaymentIntents with manual capture, as Stripe keeps them: {@code requires_capture} after authorisation, then
 * {@code succeeded} (captured, possibly partially) or {@code canceled} (voided); refunds of a captured payment up to
 * what was captured; tax calculations at fixed sandbox rates. Any other transition is refused the way Stripe refuses
 * it. Intents and refunds are kept per store in {@link SandboxObjects}, so a restart continues with them.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class StripeSandbox {

    static final String INTENT = "stripe.payment_intent";
    static final String REFUND = "stripe.refund";

    private final SandboxObjects objects;
    private final Clock clock;
    /** What a golden run's case says Stripe shows for a payment, by store and payment (io.autobiz.golden). */
    private final Map<String, Shown> shown = new ConcurrentHashMap<>();

    private record Shown(long received, long refunded, boolean onceCaptured) {}

    public StripeSandbox(SandboxObjects objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    /** What a refused operation looks like: Stripe's HTTP status and error object. */
    public static final class StripeError extends RuntimeException {
        final int status;
        final String type;
        final String code;

        StripeError(int status, String type, String code, String message) {
            super(message);
            this.status = status;
            this.type = type;
            this.code = code;
        }
    }

    /** A customer authorises a payment at checkout (the demo plays the storefront). */
    public Map<String, Object> authorize(TenantId store, long amount, String currency, Map<String, String> metadata) {
        Map<String, Object> intent = newIntent(amount, currency, metadata);
        objects.inStore(store, account -> {
            account.insert(INTENT, (String) intent.get("id"), null, intent);
            return null;
        });
        return Map.copyOf(intent);
    }

    /**
     * A payment under an ID the caller chooses (a golden run's payment of its own number, io.autobiz.golden), in
     * {@code status}: {@code requires_capture} as authorised at checkout, {@code succeeded} as captured in full, or
     * {@code requires_payment_method} as declined.
     */
    public Map<String, Object> authorizeAs(
            TenantId store, String id, long amount, String currency, String status, Map<String, String> metadata) {
        Map<String, Object> intent = newIntent(id, amount, currency, metadata);
        switch (status) {
            case "requires_capture" -> {}
            case "succeeded" -> {
                intent.put("amount_capturable", 0L);
                intent.put("amount_received", amount);
                intent.put("status", "succeeded");
            }
            case "requires_payment_method" -> {
                intent.put("amount_capturable", 0L);
                intent.put("status", "requires_payment_method");
            }
            default -> throw new IllegalArgumentException("a sandbox payment is not created as '" + status + "'");
        }
        objects.inStore(store, account -> {
            account.insert(INTENT, id, null, intent);
            return null;
        });
        return Map.copyOf(intent);
    }

    private Map<String, Object> newIntent(long amount, String currency, Map<String, String> metadata) {
        return newIntent(
                "pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24), amount, currency, metadata);
    }

    private Map<String, Object> newIntent(String id, long amount, String currency, Map<String, String> metadata) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", id);
        intent.put("object", "payment_intent");
        intent.put("amount", amount);
        intent.put("amount_capturable", amount);
        intent.put("amount_received", 0L);
        intent.put("capture_method", "manual");
        intent.put("currency", currency.toLowerCase());
        intent.put("created", clock.instant().getEpochSecond());
        intent.put("livemode", false);
        intent.put("metadata", new LinkedHashMap<>(metadata));
        intent.put("status", "requires_capture");
        return intent;
    }

    /**
     * A card declined at checkout (the demo plays the storefront): as at Stripe, the intent waits for another payment
     * method and carries the decline as {@code last_payment_error}.
     */
    public Map<String, Object> decline(
            TenantId store,
            long amount,
            String currency,
            Map<String, String> metadata,
            String declineCode,
            String message) {
        Map<String, Object> intent = newIntent(amount, currency, metadata);
        intent.put("amount_capturable", 0L);
        intent.put("status", "requires_payment_method");
        intent.put(
                "last_payment_error",
                Map.of("type", "card_error", "code", "card_declined", "decline_code", declineCode, "message", message));
        objects.inStore(store, account -> {
            account.insert(INTENT, (String) intent.get("id"), null, intent);
            return null;
        });
        return Map.copyOf(intent);
    }

    public Map<String, Object> retrieve(TenantId store, String id) {
        return retrieve(store, id, false);
    }

    /**
     * A PaymentIntent with its latest charge: its ID, or with {@code expandLatestCharge} (Stripe's {@code
     * expand[]=latest_charge}) the charge itself, whose {@code amount_refunded} is what the refunds of the payment add
     * up to. A sandbox intent has one charge from its authorisation on.
     */
    public Map<String, Object> retrieve(TenantId store, String id, boolean expandLatestCharge) {
        Map<String, Object> intent = objects.inStore(store, account -> retrieve(account, id, expandLatestCharge));
        Shown override = shown.get(store.value() + "/" + id);
        if (override == null || (override.onceCaptured() && !"succeeded".equals(intent.get("status")))) {
            return intent;
        }
        Map<String, Object> settled = new LinkedHashMap<>(intent);
        settled.put("status", "succeeded");
        settled.put("amount_capturable", 0L);
        settled.put("amount_received", override.received());
        if (settled.get("latest_charge") instanceof Map<?, ?> latest) {
            Map<String, Object> charge = new LinkedHashMap<>();
            latest.forEach((key, value) -> charge.put(String.valueOf(key), value));
            charge.put("amount_captured", override.received());
            charge.put("amount_refunded", override.refunded());
            charge.put("captured", true);
            charge.put("refunded", override.refunded() == override.received());
            charge.put("status", "succeeded");
            settled.put("latest_charge", charge);
        }
        return java.util.Collections.unmodifiableMap(settled);
    }

    /**
     * A golden run's payment (io.autobiz.golden) reads as captured with {@code received}, {@code refunded} of it
     * refunded, whatever happened to it here: from now on, or with {@code onceCaptured} only after AutoBiz captured it
     * (what the daily closeout compares with AutoBiz's own records).
     */
    public void showAs(TenantId store, String id, long received, long refunded, boolean onceCaptured) {
        shown.put(store.value() + "/" + id, new Shown(received, refunded, onceCaptured));
    }

    private static Map<String, Object> retrieve(SandboxObjects.Store account, String id, boolean expandLatestCharge) {
        Map<String, Object> intent = new LinkedHashMap<>(require(account, id, false));
        String chargeId = "ch_" + id.substring("pi_".length());
        if (!expandLatestCharge) {
            intent.put("latest_charge", chargeId);
            return java.util.Collections.unmodifiableMap(intent);
        }
        long captured = (Long) intent.get("amount_received");
        long refunded = refundedOf(account, id);
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", chargeId);
        charge.put("object", "charge");
        charge.put("amount", intent.get("amount"));
        charge.put("amount_captured", captured);
        charge.put("amount_refunded", refunded);
        charge.put("captured", captured > 0);
        charge.put("currency", intent.get("currency"));
        charge.put("payment_intent", id);
        charge.put("refunded", captured > 0 && refunded == captured);
        charge.put("status", "requires_payment_method".equals(intent.get("status")) ? "failed" : "succeeded");
        intent.put("latest_charge", charge);
        return java.util.Collections.unmodifiableMap(intent);
    }

    public Map<String, Object> capture(TenantId store, String id, Long amountToCapture) {
        return objects.inStore(store, account -> capture(account, id, amountToCapture));
    }

    private static Map<String, Object> capture(SandboxObjects.Store account, String id, Long amountToCapture) {
        Map<String, Object> intent = require(account, id, true);
        requireStatus(intent, "requires_capture", "capture");
        long capturable = (Long) intent.get("amount_capturable");
        long amount = amountToCapture == null ? capturable : amountToCapture;
        if (amount < 1 || amount > capturable) {
            throw new StripeError(
                    400,
                    "invalid_request_error",
                    "amount_too_large",
                    "The amount to capture (" + amount + ") exceeds the capturable amount (" + capturable + ").");
        }
        intent.put("amount_received", amount);
        intent.put("amount_capturable", 0L);
        intent.put("status", "succeeded");
        account.update(INTENT, id, intent);
        return Map.copyOf(intent);
    }

    public Map<String, Object> cancel(TenantId store, String id) {
        return objects.inStore(store, account -> {
            Map<String, Object> intent = require(account, id, true);
            requireStatus(intent, "requires_capture", "cancel");
            intent.put("amount_capturable", 0L);
            intent.put("status", "canceled");
            account.update(INTENT, id, intent);
            return Map.copyOf(intent);
        });
    }

    /**
     * A refund of a captured PaymentIntent: as at Stripe, the refunds of one payment together can never exceed what
     * was captured ({@code amount_too_large}), and an uncaptured payment cannot be refunded.
     */
    public Map<String, Object> refund(
            TenantId store, String paymentIntentId, Long amount, String reason, Map<String, String> metadata) {
        return objects.inStore(store, account -> refund(account, paymentIntentId, amount, reason, metadata));
    }

    /** The intent stays locked while its refunds are added up, so two refunds cannot both pass the check. */
    private Map<String, Object> refund(
            SandboxObjects.Store account,
            String paymentIntentId,
            Long amount,
            String reason,
            Map<String, String> metadata) {
        Map<String, Object> intent = require(account, paymentIntentId, true);
        requireStatus(intent, "succeeded", "refund");
        long captured = (Long) intent.get("amount_received");
        long refunded = refundedOf(account, paymentIntentId);
        long requested = amount == null ? captured - refunded : amount;
        if (requested < 1 || refunded + requested > captured) {
            throw new StripeError(
                    400,
                    "invalid_request_error",
                    requested < 1 ? "charge_already_refunded" : "amount_too_large",
                    "Refund amount (" + requested + ") is greater than unrefunded amount on charge ("
                            + (captured - refunded) + ").");
        }
        String id = "re_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", id);
        refund.put("object", "refund");
        refund.put("amount", requested);
        refund.put("currency", intent.get("currency"));
        refund.put("payment_intent", paymentIntentId);
        refund.put("reason", reason);
        refund.put("status", "succeeded");
        refund.put("created", clock.instant().getEpochSecond());
        refund.put("metadata", new LinkedHashMap<>(metadata));
        account.insert(REFUND, id, paymentIntentId, refund);
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(refund));
    }

    public long refundedOf(TenantId store, String paymentIntentId) {
        return objects.inStore(store, account -> refundedOf(account, paymentIntentId));
    }

    private static long refundedOf(SandboxObjects.Store account, String paymentIntentId) {
        return account.byRef(REFUND, paymentIntentId).stream()
                .mapToLong(r -> (Long) r.get("amount"))
                .sum();
    }

    /**
     * A Stripe Tax calculation with a fixed, documented sandbox rate per country (US 8.25%, EU 20%, else 0), applied
     * to the line items and shipping, rounded half-up per line: deterministic, so tests and demos can predict it.
     */
    public Map<String, Object> calculateTax(String currency, List<Long> lineAmounts, long shipping, String country) {
        int basisPoints = switch (country) {
            case "US" -> 825;
            case "DE", "FR", "IT", "ES", "NL", "AT", "IE", "BE" -> 2000;
            default -> 0;
        };
        long subtotal = 0;
        long tax = 0;
        for (long amount : lineAmounts) {
            subtotal += amount;
            tax += Math.round(amount * basisPoints / 10_000.0);
        }
        subtotal += shipping;
        tax += Math.round(shipping * basisPoints / 10_000.0);
        String id = "taxcalc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Map<String, Object> calculation = new LinkedHashMap<>();
        calculation.put("id", id);
        calculation.put("object", "tax.calculation");
        calculation.put("currency", currency.toLowerCase());
        calculation.put("amount_total", subtotal + tax);
        calculation.put("tax_amount_exclusive", tax);
        calculation.put("tax_amount_inclusive", 0L);
        calculation.put("livemode", false);
        return Map.copyOf(calculation);
    }

    public List<Map<String, Object>> refunds(TenantId store) {
        return objects.inStore(store, account -> account.all(REFUND));
    }

    public List<Map<String, Object>> paymentIntents(TenantId store) {
        return objects.inStore(store, account -> account.all(INTENT));
    }

    /** The store's intent, locked until the transaction ends when it is about to change; another store's is missing. */
    private static Map<String, Object> require(SandboxObjects.Store account, String id, boolean forChange) {
        Map<String, Object> intent = (forChange ? account.lock(INTENT, id) : account.find(INTENT, id)).orElse(null);
        if (intent == null) {
            throw new StripeError(
                    404, "invalid_request_error", "resource_missing", "No such payment_intent: '" + id + "'");
        }
        return intent;
    }

    private static void requireStatus(Map<String, Object> intent, String expected, String operation) {
        if (!expected.equals(intent.get("status"))) {
            throw new StripeError(
                    400,
                    "invalid_request_error",
                    "payment_intent_unexpected_state",
                    "You cannot " + operation + " this PaymentIntent because it has a status of " + intent.get("status")
                            + ".");
        }
    }
}
