package io.autobiz.kernel.redaction;

import io.autobiz.kernel.KernelApi;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which fields a persisted payload keeps. Field names are compared case-insensitively.
 *
 * @param allowed kept as they are (objects and arrays under them are filtered by the same policy)
 * @param sensitive personal data: kept masked ({@code j***@example.com}, {@code ***42}, {@code ***})
 */
@KernelApi
public record RedactionPolicy(Set<String> allowed, Set<String> sensitive) {

    /** Identifiers, amounts, states and counts: what explains a call without saying who the customer is. */
    public static final Set<String> DEFAULT_ALLOWED = Set.of(
            "id",
            "orderId",
            "paymentIntentId",
            "paymentId",
            "chargeId",
            "refundId",
            "fulfillmentId",
            "printfulOrderId",
            "shopifyOrderId",
            "orderName",
            "externalId",
            "messageId",
            "status",
            "state",
            "amount",
            "amountReceived",
            "amountRefunded",
            "currency",
            "quantity",
            "sku",
            "variantId",
            "items",
            "lineItems",
            "reason",
            "template",
            "templateId",
            "carrier",
            "trackingNumber",
            "trackingUrl",
            "shipmentId",
            "confirmed",
            "accepted",
            "sandbox",
            "financialStatus",
            "fulfillmentStatus",
            "totalPrice",
            "model",
            // An LLM call's pin (model, prompt template and its hash, which route answered) stays in its trace line.
            "templateSha256",
            "provider",
            "fallbackReason",
            "intent",
            "count",
            "total");

    /** Personal data: masked wherever it appears. */
    public static final Set<String> DEFAULT_SENSITIVE = Set.of(
            "email",
            "to",
            "from",
            "recipient",
            "customerEmail",
            "name",
            "firstName",
            "lastName",
            "customerName",
            "phone",
            "phoneNumber",
            "address",
            "address1",
            "address2",
            "street",
            "city",
            "zip",
            "postalCode",
            "shippingAddress",
            "billingAddress",
            "recipientName",
            "body",
            "text",
            "message",
            "draft");

    public RedactionPolicy {
        allowed = lower(allowed);
        sensitive = lower(sensitive);
    }

    public static RedactionPolicy defaults() {
        return new RedactionPolicy(DEFAULT_ALLOWED, DEFAULT_SENSITIVE);
    }

    /** The defaults plus more allowed and sensitive fields (configuration). Sensitive wins over allowed. */
    public RedactionPolicy plus(Set<String> moreAllowed, Set<String> moreSensitive) {
        return new RedactionPolicy(union(allowed, moreAllowed), union(sensitive, moreSensitive));
    }

    boolean isSensitive(String field) {
        return sensitive.contains(field.toLowerCase(Locale.ROOT));
    }

    boolean isAllowed(String field) {
        return allowed.contains(field.toLowerCase(Locale.ROOT));
    }

    private static Set<String> lower(Set<String> names) {
        return names == null
                ? Set.of()
                : names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b == null ? java.util.stream.Stream.empty() : b.stream())
                .collect(Collectors.toUnmodifiableSet());
    }
}
