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

    /** A line of an order placed in the storefront. */
    public record Line(String sku, String title, int quantity) {}

    /** A paid order, as checkout leaves it. */
    public synchronized Map<String, Object> placePaidOrder(
            String email, String currency, BigDecimal total, List<Line> lines, Map<String, Object> shippingAddress) {
        String gid = "gid://shopify/Order/" + ids.incrementAndGet();
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", gid);
        order.put("name", "#" + numbers.incrementAndGet());
        order.put("email", email);
        order.put("displayFinancialStatus", "AUTHORIZED");
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

    public synchronized List<Map<String, Object>> orders() {
        return orders.values().stream().map(Map::copyOf).toList();
    }
}
