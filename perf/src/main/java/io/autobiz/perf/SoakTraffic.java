package io.autobiz.perf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the soak sends, as the outside world sends it: customers checking out at the sandbox storefront, Shopify's and
 * Stripe's signed webhooks through ingress ({@code /webhooks/{provider}/{store}}), a store's staff starting refunds,
 * cancellations, "where is my order?" answers and closeouts through the engine's REST API, Printful putting orders on
 * hold. Deliveries go to any live node; a delivery a node cannot take (it is down) is sent again to another, as a
 * provider retries. Everything counted here is what was sent, never what the application says it did.
 */
final class SoakTraffic {

    /** The administrator the harness starts workflows and moves timers as; for staging {@code -Dsoak.admin}. */
    static final String ADMIN = System.getProperty("soak.admin", AppNode.ADMIN_USER + ":" + AppNode.ADMIN_PASSWORD);

    static final String APPROVER_ID = "soakapprover";
    static final String APPROVER_PASSWORD = "Tasklist-Only-9Qx!";
    static final String APPROVER = APPROVER_ID + ":" + APPROVER_PASSWORD;

    /** A customer's order, as the harness placed it at the storefront. */
    static final class Order {
        final String store;
        final long number;
        final String gid;
        final String name;
        final String email;
        final String customer;
        final long amount;
        final String paymentIntentId;
        final long placedAtMillis;
        final AtomicBoolean taken = new AtomicBoolean();

        Order(JsonNode placed, String store, String email, String customer) {
            this.store = store;
            this.number = placed.path("orderNumber").asLong();
            this.gid = placed.path("orderId").asText();
            this.name = placed.path("orderName").asText();
            this.email = email;
            this.customer = customer;
            this.amount = placed.path("amount").asLong();
            this.paymentIntentId = placed.path("paymentIntentId").asText();
            this.placedAtMillis = System.currentTimeMillis();
        }
    }

    /** One signed webhook delivery; a duplicate is the same request again. */
    record Delivery(String kind, String store, String provider, String body, Map<String, String> headers) {}

    private final SoakCluster cluster;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Random random;

    final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> resentAfterNodeDown = new ConcurrentHashMap<>();
    final List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Order> orders = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> personalData = java.util.Collections.synchronizedList(new ArrayList<>());

    SoakTraffic(SoakCluster cluster, long seed) {
        this.cluster = cluster;
        this.random = new Random(seed);
    }

    double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    int nextInt(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    // ---------------------------------------------------------------- the storefront (not events: nothing is told)

    /** A customer checks out; Shopify and Stripe (the sandboxes) record the order and its payment. */
    Order checkout(String store, long amount, boolean declined) throws Exception {
        long n = nextInt(1_000_000_000);
        String email = "soak-customer-" + n + "@example.com";
        String customer = "Soak Customer " + n;
        personalData.add(email);
        personalData.add(customer);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("name", customer);
        body.put("amount", amount);
        body.put("currency", "USD");
        body.put("declined", declined);
        HttpResponse<String> answer = send(
                anyNode(),
                "POST",
                "/sandbox/storefront/" + store + "/checkouts",
                SoakJson.compact(body),
                null,
                Map.of());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("checkout at " + store + " answered " + answer.statusCode() + ": "
                    + SoakJson.abbreviate(answer.body()));
        }
        return new Order(SoakJson.parse(answer.body()), store, email, customer);
    }

    // ---------------------------------------------------------------- webhooks (events)

    /** Shopify's {@code orders/paid}, as Shopify's REST webhooks send it, signed with the store's secret. */
    Delivery ordersPaid(Order order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", order.number);
        body.put("admin_graphql_api_id", order.gid);
        body.put("name", order.name);
        body.put("email", order.email);
        body.put("financial_status", "paid");
        body.put("currency", "USD");
        body.put(
                "total_price", String.format(java.util.Locale.ROOT, "%d.%02d", order.amount / 100, order.amount % 100));
        body.put("note_attributes", List.of(Map.of("name", "stripe_payment_intent", "value", order.paymentIntentId)));
        body.put("created_at", Instant.now().toString());
        String json = SoakJson.compact(body);
        String webhookId = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Shopify-Topic", "orders/paid");
        headers.put("X-Shopify-Shop-Domain", order.store + "-soak.myshopify.com");
        headers.put("X-Shopify-Webhook-Id", webhookId);
        headers.put("X-Shopify-Event-Id", "soak-" + webhookId);
        headers.put(
                "X-Shopify-Hmac-Sha256",
                Base64.getEncoder()
                        .encodeToString(hmac(SoakCluster.secrets(order.store).get("shopify.webhook_secret"), json)));
        return new Delivery("shopify orders/paid", order.store, "shopify", json, headers);
    }

    /** Stripe's {@code payment_intent.payment_failed} for a declined checkout, signed as Stripe signs. */
    Delivery paymentFailed(Order order) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", order.paymentIntentId);
        intent.put("object", "payment_intent");
        intent.put("amount", order.amount);
        intent.put("currency", "usd");
        intent.put("status", "requires_payment_method");
        intent.put("metadata", Map.of("order_id", order.gid, "shopify_order", order.gid));
        intent.put(
                "last_payment_error",
                Map.of(
                        "type", "card_error",
                        "code", "card_declined",
                        "decline_code", "insufficient_funds",
                        "message", "Your card has insufficient funds."));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_soak" + UUID.randomUUID().toString().replace("-", ""));
        event.put("object", "event");
        event.put("type", "payment_intent.payment_failed");
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        event.put("data", Map.of("object", intent));
        String json = SoakJson.compact(event);
        long t = Instant.now().getEpochSecond();
        String signature = HexFormat.of()
                .formatHex(hmac(SoakCluster.secrets(order.store).get("stripe.webhook_secret"), t + "." + json));
        return new Delivery(
                "stripe payment_intent.payment_failed",
                order.store,
                "stripe",
                json,
                Map.of("Stripe-Signature", "t=" + t + ",v1=" + signature));
    }

    /** Sends a delivery to a live node, and again to another when a node cannot take it (down, or going down). */
    void deliver(Delivery delivery, String countAs) throws InterruptedException {
        count(sent, countAs);
        for (int attempt = 1; ; attempt++) {
            SoakCluster.Node node = anyNode();
            try {
                HttpResponse<String> answer = send(
                        node,
                        "POST",
                        "/webhooks/" + delivery.provider() + "/" + delivery.store(),
                        delivery.body(),
                        null,
                        delivery.headers());
                if (answer.statusCode() / 100 == 2) {
                    return;
                }
                if (answer.statusCode() >= 500 && attempt < 20) {
                    count(resentAfterNodeDown, countAs);
                    Thread.sleep(500);
                    continue;
                }
                refuse(countAs, answer);
                return;
            } catch (IOException down) {
                if (attempt >= 20) {
                    count(refused, countAs);
                    refusals.add(countAs + ": no node took it: " + down);
                    return;
                }
                count(resentAfterNodeDown, countAs);
                Thread.sleep(500);
            }
        }
    }

    // ---------------------------------------------------------------- the store's staff, through the engine REST API

    /** Starts a workflow by key for a store, as the store's administrator does; true when the engine started it. */
    boolean start(String processKey, String store, Map<String, Object> variables, String countAs)
            throws InterruptedException {
        count(sent, countAs);
        Map<String, Object> typed = new LinkedHashMap<>();
        variables.forEach((name, value) -> typed.put(name, typed(value)));
        String body = SoakJson.compact(Map.of("variables", typed));
        // The workflows are deployed once for every store (the store is the tenantId variable, checked at the start);
        // only WF07's diagram is deployed per store, so its start names the store in the path.
        String path = "daily-closeout".equals(processKey)
                ? "/engine-rest/process-definition/key/" + processKey + "/tenant-id/" + store + "/start"
                : "/engine-rest/process-definition/key/" + processKey + "/start";
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> answer = send(anyNode(), "POST", path, body, ADMIN, Map.of());
                if (answer.statusCode() == 200) {
                    return true;
                }
                if (answer.statusCode() >= 500 && attempt < 5) {
                    Thread.sleep(500);
                    continue;
                }
                refuse(countAs, answer);
                return false;
            } catch (IOException down) {
                if (attempt >= 20) {
                    count(refused, countAs);
                    refusals.add(countAs + ": no node took it: " + down);
                    return false;
                }
                count(resentAfterNodeDown, countAs);
                Thread.sleep(500);
            }
        }
    }

    private static Map<String, Object> typed(Object value) {
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put("value", value);
        typed.put(
                "type",
                value instanceof Long || value instanceof Integer
                        ? "Long"
                        : value instanceof Boolean ? "Boolean" : "String");
        return typed;
    }

    /** Printful (the sandbox) puts an order on hold and sends its signed webhook; false when it is past holding. */
    boolean hold(Order order, String countAs) throws Exception {
        HttpResponse<String> answer = send(
                anyNode(),
                "POST",
                "/sandbox/storefront/" + order.store + "/printful-holds",
                SoakJson.compact(Map.of("externalId", "shopify-" + order.number)),
                null,
                Map.of());
        if (answer.statusCode() == 202) {
            count(sent, countAs);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- plumbing

    private void refuse(String countAs, HttpResponse<String> answer) {
        count(refused, countAs);
        if (refusals.size() < 200) {
            refusals.add(countAs + ": HTTP " + answer.statusCode() + " " + SoakJson.abbreviate(answer.body()));
        }
    }

    static void count(Map<String, AtomicLong> counts, String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
    }

    long total(Map<String, AtomicLong> counts) {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** A node that is up, at random; waits while none is. */
    SoakCluster.Node anyNode() throws InterruptedException {
        while (true) {
            List<SoakCluster.Node> up =
                    cluster.nodes().stream().filter(SoakCluster.Node::up).toList();
            if (!up.isEmpty()) {
                return up.get(nextInt(up.size()));
            }
            Thread.sleep(200);
        }
    }

    HttpResponse<String> send(
            SoakCluster.Node node,
            String method,
            String path,
            String body,
            String basicAuth,
            Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (basicAuth != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
