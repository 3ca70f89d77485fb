package io.autobiz.perf;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Distinct Shopify {@code orders/updated} deliveries (~1 KB), signed as Shopify signs them (base64 HMAC-SHA256). */
final class ShopifyDeliveries {

    private final URI target;
    private final byte[] secret;

    ShopifyDeliveries(String baseUrl, String store, String secret) {
        this.target = URI.create(baseUrl + "/webhooks/shopify/" + store);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    HttpRequest request(String prefix, int i) {
        byte[] body = order(prefix, i);
        return HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/updated")
                .header("X-Shopify-Shop-Domain", "acme-test.myshopify.com")
                .header("X-Shopify-Webhook-Id", prefix + "-wh-" + i)
                .header("X-Shopify-Event-Id", prefix + "-ev-" + i)
                .header("X-Shopify-Hmac-Sha256", sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** A ~1 KB order, as Shopify sends for orders/updated. */
    static byte[] order(String prefix, int i) {
        long id = 9_000_000L + i;
        return ("{\"id\":" + id + ",\"admin_graphql_api_id\":\"gid://shopify/Order/" + id + "\",\"name\":\"#B" + i
                        + "\",\"email\":\"bench-" + prefix + "@example.com\",\"financial_status\":\"paid\","
                        + "\"currency\":\"USD\",\"total_price\":\"25.00\",\"subtotal_price\":\"20.00\","
                        + "\"total_tax\":\"5.00\",\"line_items\":[{\"id\":1,\"sku\":\"TSHIRT-BLK-M\",\"title\":"
                        + "\"T-shirt\",\"quantity\":1,\"price\":\"20.00\"}],\"shipping_address\":{\"name\":"
                        + "\"Ada Lovelace\",\"address1\":\"12 Analytical Row\",\"city\":\"Portland\","
                        + "\"province_code\":\"OR\",\"zip\":\"97201\",\"country_code\":\"US\"},\"note_attributes\":"
                        + "[{\"name\":\"stripe_payment_intent\",\"value\":\"pi_bench" + i + "\"}],\"tags\":\"\","
                        + "\"created_at\":\"2026-11-24T10:00:00Z\",\"updated_at\":\"2026-11-24T10:00:01Z\","
                        + "\"padding\":\"" + "x".repeat(400) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
