package io.autobiz.perf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify, Stripe, Printful and SendGrid for WF01 (and Stripe's refunds for WF03), in the harness JVM on loopback:
 * the answers the integration tests' WireMock stubs give (src/test/.../TwoNodeClusterIT, ProviderStubs), computed from
 * the order number in the request instead of one stub per order, so the stand-in costs microseconds per call whatever
 * the run's size and its work stays out of the application's JVM and CPU share. Order {@code n} is Shopify's
 * {@code gid://shopify/Order/n}, paid with {@code pi_perf<n>} (25.00 USD, authorised for that order), made by Printful
 * as order {@link #printfulId(long)}.
 *
 * <p>It counts what it was asked per kind of call, and tells a listener when a refund request arrives (the P6 probe:
 * its arrival time is taken here, in this JVM, the moment the request line is read).
 */
final class ProviderStandIns implements AutoCloseable {

    private static final Pattern ORDER_GID = Pattern.compile("gid://shopify/Order/(\\d+)");
    private static final Pattern EXTERNAL_ID = Pattern.compile("\"external_id\"\\s*:\\s*\"shopify-(\\d+)\"");
    private static final Pattern PAYMENT = Pattern.compile("/stripe/v1/payment_intents/pi_perf(\\d+)(/capture)?");
    private static final Pattern CONFIRMATION = Pattern.compile("/printful/v2/orders/(\\d+)/confirmation");
    private static final Pattern REFUND_PAYMENT = Pattern.compile("payment_intent=pi_perf(\\d+)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private volatile RefundListener refunds = (order, nanoTime) -> {};

    /** Told of every refund request: the payment's order number and {@link System#nanoTime()} at its arrival. */
    interface RefundListener {
        void refundRequested(long order, long arrivedNanos);
    }

    private ProviderStandIns(HttpServer server) {
        this.server = server;
    }

    static ProviderStandIns start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        ProviderStandIns standIns = new ProviderStandIns(server);
        server.createContext("/", standIns::handle);
        server.setExecutor(standIns.threads);
        server.start();
        return standIns;
    }

    /** Orders from this number on were paid and captured before the run (WF03's refunds, P6). */
    static final long CAPTURED_FROM = 10_000_000L;

    static long printfulId(long order) {
        return 800_000_000L + order;
    }

    void onRefund(RefundListener listener) {
        this.refunds = listener;
    }

    /** The application settings that point the tools at this server. */
    Map<String, String> applicationSettings() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("autobiz.providers.stripe", base + "/stripe");
        settings.put("autobiz.providers.shopify", base + "/shopify");
        settings.put("autobiz.providers.printful", base + "/printful");
        settings.put(
                "autobiz.providers.sendgrid-host",
                "127.0.0.1:" + server.getAddress().getPort());
        settings.put("autobiz.providers.sendgrid-path-prefix", "sendgrid/");
        settings.put("autobiz.providers.sendgrid-plain-http", "true");
        settings.put("autobiz.providers.sendgrid-sandbox-mode", "true");
        return settings;
    }

    /** Calls per kind ("stripe capture" → 412), for the run's printout and its checks. */
    Map<String, Long> calls() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        calls.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
    }

    long calls(String kind) {
        AtomicLong count = calls.get(kind);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m;
            if (path.endsWith("/graphql.json") && body.contains("AutoBizOrderGet")) {
                m = ORDER_GID.matcher(body);
                if (!m.find()) {
                    answer(exchange, 400, "{\"errors\":[{\"message\":\"no order id\"}]}", "shopify bad request");
                    return;
                }
                long n = Long.parseLong(m.group(1));
                answer(exchange, 200, """
                        {"data":{"order":{"id":"gid://shopify/Order/%d","name":"#%d","email":"ada@example.com",
                          "displayFinancialStatus":"PAID",
                          "totalPriceSet":{"shopMoney":{"amount":"25.00","currencyCode":"USD"}},
                          "lineItems":{"nodes":[{"sku":"TSHIRT-BLK-M","title":"T-shirt","quantity":1}]},
                          "shippingAddress":{"name":"Ada Lovelace","address1":"12 Analytical Row","address2":null,
                            "city":"Portland","provinceCode":"OR","zip":"97201","countryCodeV2":"US"}}},
                         "extensions":{"cost":{"requestedQueryCost":3,"actualQueryCost":3}}}""".formatted(n, n), "shopify order get");
            } else if (path.endsWith("/graphql.json") && body.contains("AutoBizRefundCreate")) {
                m = ORDER_GID.matcher(body);
                long n = m.find() ? Long.parseLong(m.group(1)) : -1;
                answer(exchange, 200, """
                        {"data":{"refundCreate":{"refund":{"id":"gid://shopify/Refund/%d",
                          "totalRefundedSet":{"shopMoney":{"amount":"15.00","currencyCode":"USD"}}},"userErrors":[]}},
                         "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""".formatted(n), "shopify refund create");
            } else if ((m = PAYMENT.matcher(path)).matches()) {
                long n = Long.parseLong(m.group(1));
                boolean capture = m.group(2) != null;
                if (capture && method.equals("POST")) {
                    answer(exchange, 200, """
                            {"id":"pi_perf%d","object":"payment_intent","amount":2500,"amount_capturable":0,
                             "amount_received":2500,"capture_method":"manual","currency":"usd","livemode":false,
                             "metadata":{"order_id":"gid://shopify/Order/%d"},"status":"succeeded"}""".formatted(n, n), "stripe capture");
                } else {
                    // Before its capture a payment waits for it; WF03 (P6) reads payments already captured.
                    boolean captured = n >= CAPTURED_FROM;
                    answer(
                            exchange,
                            200,
                            """
                            {"id":"pi_perf%d","object":"payment_intent","amount":2500,"amount_capturable":%d,
                             "amount_received":%d,"capture_method":"manual","currency":"usd","livemode":false,
                             "latest_charge":"ch_perf%d",
                             "metadata":{"order_id":"gid://shopify/Order/%d"},"status":"%s"}""".formatted(
                                            n,
                                            captured ? 0 : 2500,
                                            captured ? 2500 : 0,
                                            n,
                                            n,
                                            captured ? "succeeded" : "requires_capture"),
                            "stripe payment get");
                }
            } else if (path.equals("/stripe/v1/refunds") && method.equals("POST")) {
                m = REFUND_PAYMENT.matcher(body);
                long n = m.find() ? Long.parseLong(m.group(1)) : -1;
                refunds.refundRequested(n, arrived);
                answer(exchange, 200, """
                        {"id":"re_perf%d","object":"refund","amount":2500,"currency":"usd",
                         "payment_intent":"pi_perf%d","status":"succeeded"}""".formatted(n, n), "stripe refund");
            } else if (path.equals("/printful/v2/orders") && method.equals("POST")) {
                m = EXTERNAL_ID.matcher(body);
                if (!m.find()) {
                    answer(exchange, 400, "{\"code\":400,\"error\":{\"message\":\"no external_id\"}}", "printful bad");
                    return;
                }
                long n = Long.parseLong(m.group(1));
                answer(
                        exchange,
                        200,
                        "{\"data\":{\"id\":%d,\"external_id\":\"shopify-%d\",\"status\":\"draft\"}}"
                                .formatted(printfulId(n), n),
                        "printful create");
            } else if ((m = CONFIRMATION.matcher(path)).matches() && method.equals("POST")) {
                answer(
                        exchange,
                        200,
                        "{\"data\":{\"id\":%s,\"status\":\"pending\"}}".formatted(m.group(1)),
                        "printful confirm");
            } else if (path.equals("/sendgrid/v3/mail/send") && method.equals("POST")) {
                exchange.getResponseHeaders().add("X-Message-Id", "msg-perf");
                answer(exchange, 202, "", "sendgrid mail");
            } else {
                answer(
                        exchange,
                        404,
                        "{\"error\":\"the perf stand-ins do not answer " + method + " " + path + "\"}",
                        "unexpected " + method + " " + path);
            }
        }
    }

    private void answer(HttpExchange exchange, int status, String json, String kind) throws IOException {
        calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
