package io.autobiz.sandbox.shopify;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxObjects;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Orders as Shopify's Admin API shows them, keyed by GID, per store, kept in {@link SandboxObjects}: a restart
 * continues with the same orders, and new orders' IDs and names continue after the last.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class ShopifySandbox {

    static final String ORDER = "shopify.order";
    static final String REFUND = "shopify.refund";

    private final SandboxObjects objects;

    public ShopifySandbox(SandboxObjects objects) {
        this.objects = objects;
    }

    /** A line of an order placed in the storefront. */
    public record Line(String sku, String title, int quantity) {}

    /** A paid order, as checkout leaves it. */
    public Map<String, Object> placePaidOrder(
            TenantId store,
            String email,
            String currency,
            BigDecimal total,
            List<Line> lines,
            Map<String, Object> shippingAddress) {
        return placeOrder(store, "AUTHORIZED", email, currency, total, lines, shippingAddress);
    }

    /** An order whose payment did not go through: Shopify shows it as pending until it is paid. */
    public Map<String, Object> placeUnpaidOrder(
            TenantId store,
            String email,
            String currency,
            BigDecimal total,
            List<Line> lines,
            Map<String, Object> shippingAddress) {
        return placeOrder(store, "PENDING", email, currency, total, lines, shippingAddress);
    }

    /**
     * An order under an ID and name the caller chooses (a golden run's order of its own number, io.autobiz.golden);
     * placed as checkout places one, in {@code financialStatus} (AUTHORIZED, PAID, PENDING).
     */
    public Map<String, Object> placeOrderAs(
            TenantId store,
            String gid,
            String name,
            String financialStatus,
            String email,
            String currency,
            BigDecimal total,
            List<Line> lines,
            Map<String, Object> shippingAddress) {
        return insertOrder(store, gid, name, financialStatus, email, currency, total, lines, shippingAddress);
    }

    private Map<String, Object> placeOrder(
            TenantId store,
            String financialStatus,
            String email,
            String currency,
            BigDecimal total,
            List<Line> lines,
            Map<String, Object> shippingAddress) {
        return insertOrder(
                store,
                "gid://shopify/Order/" + objects.nextId("sandbox_shopify_ids"),
                "#" + objects.nextId("sandbox_shopify_order_numbers"),
                financialStatus,
                email,
                currency,
                total,
                lines,
                shippingAddress);
    }

    private Map<String, Object> insertOrder(
            TenantId store,
            String gid,
            String name,
            String financialStatus,
            String email,
            String currency,
            BigDecimal total,
            List<Line> lines,
            Map<String, Object> shippingAddress) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", gid);
        order.put("name", name);
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
        objects.inStore(store, shop -> {
            shop.insert(ORDER, gid, (String) order.get("name"), order);
            return null;
        });
        return Map.copyOf(order);
    }

    public Map<String, Object> find(TenantId store, String gid) {
        return objects.inStore(store, shop -> shop.find(ORDER, gid).orElse(null));
    }

    /** The orders search by name ({@code name:#1001}), as a customer quotes it. */
    public Map<String, Object> findByName(TenantId store, String name) {
        return objects.inStore(
                store, shop -> shop.byRef(ORDER, name).stream().findFirst().orElse(null));
    }

    /** orderUpdate: tags and note replaced when given. */
    public Map<String, Object> update(TenantId store, String gid, List<String> tags, String note) {
        return objects.inStore(store, shop -> {
            Map<String, Object> order = shop.lock(ORDER, gid).orElse(null);
            if (order == null) {
                return null;
            }
            if (tags != null) {
                order.put("tags", new ArrayList<>(tags));
            }
            if (note != null) {
                order.put("note", note);
            }
            shop.update(ORDER, gid, order);
            return Map.copyOf(order);
        });
    }

    /** orderCancel: a cancelled order stays cancelled; the answer is a finished job. */
    public String cancel(TenantId store, String gid, String reason) {
        return objects.inStore(store, shop -> {
            Map<String, Object> order = shop.lock(ORDER, gid).orElse(null);
            if (order == null) {
                return "Order does not exist";
            }
            if (order.get("cancelledAt") != null) {
                return "Order has already been cancelled";
            }
            order.put("cancelledAt", java.time.Instant.now().toString());
            order.put("cancelReason", reason);
            shop.update(ORDER, gid, order);
            return null;
        });
    }

    /**
     * refundCreate with {@code @idempotent(key:)}: the same key answers with the first refund; refunds of one order
     * together never exceed its total. The order stays locked while its refunds are added up.
     */
    public Map<String, Object> refund(TenantId store, String gid, String key, BigDecimal amount) {
        return objects.inStore(store, shop -> {
            Map<String, Object> order = shop.lock(ORDER, gid).orElse(null);
            Map<String, Object> existing = shop.find(REFUND, key).orElse(null);
            if (existing != null) {
                return existing;
            }
            if (order == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> money =
                    (Map<String, Object>) ((Map<String, Object>) order.get("totalPriceSet")).get("shopMoney");
            BigDecimal total = new BigDecimal((String) money.get("amount"));
            String currency = (String) money.get("currencyCode");
            BigDecimal already = shop.byRef(REFUND, gid).stream()
                    .map(r -> new BigDecimal((String) r.get("amount")))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (already.add(amount).compareTo(total) > 0) {
                throw new IllegalArgumentException("Refund amount exceeds the order's refundable amount");
            }
            Map<String, Object> refund = new LinkedHashMap<>();
            refund.put("id", "gid://shopify/Refund/" + objects.nextId("sandbox_shopify_ids"));
            refund.put("orderId", gid);
            refund.put("amount", amount.toPlainString());
            refund.put(
                    "totalRefundedSet",
                    Map.of("shopMoney", Map.of("amount", amount.toPlainString(), "currencyCode", currency)));
            shop.insert(REFUND, key, gid, refund);
            return refund;
        });
    }

    public List<Map<String, Object>> refunds(TenantId store) {
        return objects.inStore(store, shop -> shop.all(REFUND));
    }

    public List<Map<String, Object>> orders(TenantId store) {
        return objects.inStore(store, shop -> shop.all(ORDER));
    }
}
