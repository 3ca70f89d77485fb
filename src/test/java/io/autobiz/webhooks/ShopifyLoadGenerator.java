package io.autobiz.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The load generator of {@link WebhookIngressBenchmarkTest}, run as its own JVM so it does not share CPU accounting,
 * heap or JIT with the server: posts {@code count} distinct Shopify webhooks, each signed like Shopify signs them, from
 * {@code concurrency} threads over loopback, and prints one line {@code RESULT ok=.. failed=.. seconds=.. p50=..
 * p99=..} (latencies in microseconds). JDK only.
 */
public final class ShopifyLoadGenerator {

    private ShopifyLoadGenerator() {}

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0]);
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        int count = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        String prefix = args[4];
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(concurrency))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    byte[] body = order(prefix, i);
                    HttpRequest request = HttpRequest.newBuilder(target)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("X-Shopify-Topic", "orders/updated")
                            .header("X-Shopify-Shop-Domain", "acme-test.myshopify.com")
                            .header("X-Shopify-Webhook-Id", prefix + "-wh-" + i)
                            .header("X-Shopify-Event-Id", prefix + "-ev-" + i)
                            .header("X-Shopify-Hmac-Sha256", sign(secret, body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("\"accepted\"")) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    latencies[i] = (System.nanoTime() - sent) / 1000;
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        clients.shutdown();
        Arrays.sort(latencies);
        System.out.printf(
                "RESULT ok=%d failed=%d seconds=%.3f p50=%d p99=%d%n",
                count - failed.get(),
                failed.get(),
                seconds,
                latencies[count / 2],
                latencies[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)]);
        System.exit(0);
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

    private static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
