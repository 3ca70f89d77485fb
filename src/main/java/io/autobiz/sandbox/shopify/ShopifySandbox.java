package io.autobiz.sandbox.shopify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Orders as Shopify's Admin API shows them, keyed by GID. */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class ShopifySandbox {

    private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(5_000_000_000L);
    private final AtomicLong numbers = new AtomicLong(1000);
    private final Map<String, Map<String, Object>> refundsByKey = new LinkedHashMap<>();

    /** A line of an order placed in the storefront. */
    public record Line(String sku, String title, int quantity) {}

    /** A paid order, as checkout leaves it. */
    public synchronized Map<String, Object> placePaidOrder(
            String email, String currency, BigDecimal total, List<Line> lines, Map<String, Object> shippingAddress) {
        return placeOrder("AUTHORIZED", email, currency, total, lines, shippingAddress);
    }

    /** An order whose payment did not go through: Shopify shows it as pending until it is paid. */
    public synchronized Map<String, Object> placeUnpaidOrder(
            String email, String currency, BigDecimal total, List<Line> lines, Map<String, Object> shippingAddress) {
        return placeOrder("PENDING", email, currency, total, lines, shippingAddress);
    }

    private Map<String, Object> placeOrder(
            String financialStatus,
            String email,
            String currency,
            BigDecimal total,
            List<Line> lines,
            Map<String, Object> shippingAddress) {
        String gid = "gid://shopify/Order/" + ids.incrementAndGet();
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", gid);
        order.put("name", "#" + numbers.incrementAndGet());
        order.put("email", email);
        order.put("displayFinancialStatus", financialStatus);
        order.put(
                "totalPriceSet",
                Map.of("shopMoney", Map.of("amount", total.toPlainString(), "currencyCode", currency)));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Line line : lines) {
            nodes.add(Map.of("sku", line.sku(), "title", line.title(), "quantity", line.quantity()));
        }
        order.put("lineItems", Map.of("nodes", nodes));
        order.put("shippingAddress", new LinkedHashMap<>(shippingAddress));
        order.put("tags", new ArrayList<String>());
        orders.put(gid, order);
        return Map.copyOf(order);
    }

    public synchronized Map<String, Object> find(String gid) {
        Map<String, Object> order = orders.get(gid);
        return order == null ? null : Map.copyOf(order);
    }

    /** The orders search by name ({@code name:#1001}), as a customer quotes it. */
    public synchronized Map<String, Object> findByName(String name) {
        return orders.values().stream()
                .filter(order -> name.equals(order.get("name")))
                .findFirst()
                .map(Map::copyOf)
                .orElse(null);
    }

    /** orderUpdate: tags and note replaced when given. */
    public synchronized Map<String, Object> update(String gid, List<String> tags, String note) {
        Map<String, Object> order = orders.get(gid);
        if (order == null) {
            return null;
        }
        if (tags != null) {
            order.put("tags", new ArrayList<>(tags));
        }
        if (note != null) {
            order.put("note", note);
        }
        return Map.copyOf(order);
    }

    /** orderCancel: a cancelled order stays cancelled; the answer is a finished job. */
    public synchronized String cancel(String gid, String reason) {
        Map<String, Object> order = orders.get(gid);
        if (order == null) {
            return "Order does not exist";
        }
        if (order.get("cancelledAt") != null) {
            return "Order has already been cancelled";
        }
        order.put("cancelledAt", java.time.Instant.now().toString());
        order.put("cancelReason", reason);
        return null;
    }

    /**
     * refundCreate with {@code @idempotent(key:)}: the same key answers with the first refund; refunds of one order
     * together never exceed its total.
     */
    public synchronized Map<String, Object> refund(String gid, String key, BigDecimal amount) {
        Map<String, Object> existing = refundsByKey.get(key);
        if (existing != null) {
            return existing;
        }
        Map<String, Object> order = orders.get(gid);
        if (order == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> money =
                (Map<String, Object>) ((Map<String, Object>) order.get("totalPriceSet")).get("shopMoney");
        BigDecimal total = new BigDecimal((String) money.get("amount"));
        String currency = (String) money.get("currencyCode");
        BigDecimal already = refundsByKey.values().stream()
                .filter(r -> gid.equals(r.get("orderId")))
                .map(r -> new BigDecimal((String) r.get("amount")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (already.add(amount).compareTo(total) > 0) {
            throw new IllegalArgumentException("Refund amount exceeds the order's refundable amount");
        }
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", "gid://shopify/Refund/" + ids.incrementAndGet());
        refund.put("orderId", gid);
        refund.put("amount", amount.toPlainString());
        refund.put(
                "totalRefundedSet",
                Map.of("shopMoney", Map.of("amount", amount.toPlainString(), "currencyCode", currency)));
        refundsByKey.put(key, refund);
        return refund;
    }

    public synchronized List<Map<String, Object>> refunds() {
        return List.copyOf(refundsByKey.values());
    }

    public synchronized List<Map<String, Object>> orders() {
        return orders.values().stream().map(Map::copyOf).toList();
    }
}
