package io.autobiz.perf;

import io.autobiz.perf.noop.NoopBaselineConfiguration;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;

/**
 * Drives WF01 (or its no-op copy) in a closed loop and reads the outcome from the engine's tables. The database is
 * read as the owner role from this JVM on a connection of its own (two indexed queries every 50 ms: runs waiting for
 * their shipment, runs that ended), so the application's pool and CPU are not used to watch it.
 */
final class Wf01Driver {

    static final String SHOPIFY_DOMAIN = "acme-test.myshopify.com";
    static final String PRINTFUL_WEBHOOK_SECRET = "perf-fake-printful-webhook-secret";
    private static final String FULFILLED = "EndEvent_OrderFulfilled";
    private static final Duration STALL = Duration.ofSeconds(180);

    private final TestDatabase database;
    private final List<AppNode> nodes;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Wf01Driver(TestDatabase database, List<AppNode> nodes) {
        this.database = database;
        this.nodes = nodes;
    }

    /** What a phase measured. */
    record Result(String name, int runs, double seconds, Histogram durationsMillis, int warmUp, int inFlight) {

        double ratePerSecond() {
            return runs / seconds;
        }

        String summary() {
            return String.format(
                    "%s: %.1f instances/s (%d runs ended in %.1f s, steady part), instance duration p50 %d ms,"
                            + " p99 %d ms, max %d ms (after %d warm-up runs)",
                    name,
                    ratePerSecond(),
                    runs,
                    seconds,
                    durationsMillis.getValueAtPercentile(50),
                    durationsMillis.getValueAtPercentile(99),
                    durationsMillis.getMaxValue(),
                    warmUp);
        }
    }

    /** Operations that start a run and continue it once it waits for its shipment. */
    private interface Steps {
        void start(AppNode node, long order) throws Exception;

        void ship(AppNode node, long order, String processInstanceId) throws Exception;
    }

    Result runWf01(long first, int warmUp, int measured, int inFlight) throws Exception {
        return run("WF01", "order-fulfill", "ShipmentSent", first, warmUp, measured, inFlight, new Steps() {
            @Override
            public void start(AppNode node, long order) throws Exception {
                String body = """
                        {"id":%d,"admin_graphql_api_id":"gid://shopify/Order/%d","name":"#%d","financial_status":"paid",\
                        "note_attributes":[{"name":"stripe_payment_intent","value":"pi_perf%d"}]}""".formatted(order, order, order, order);
                HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/webhooks/shopify/acme"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header(
                                "X-Shopify-Hmac-Sha256",
                                Base64.getEncoder().encodeToString(hmac(AppNode.SHOPIFY_WEBHOOK_SECRET, body)))
                        .header("X-Shopify-Webhook-Id", "perf-paid-" + order)
                        .header("X-Shopify-Event-Id", "perf-paid-" + order)
                        .header("X-Shopify-Topic", "orders/paid")
                        .header("X-Shopify-Shop-Domain", SHOPIFY_DOMAIN)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                expect(request, 200, "orders/paid " + order);
            }

            @Override
            public void ship(AppNode node, long order, String processInstanceId) throws Exception {
                long printful = ProviderStandIns.printfulId(order);
                String body = """
                        {"type":"shipment_sent","created":1764000100,"retries":0,"store_id":4242,\
                        "data":{"shipment":{"id":%d,"order_id":%d,"carrier":"USPS","tracking_number":"9400%d",\
                        "tracking_url":"https://tools.usps.com/go/TrackConfirmAction?tLabels=9400%d"},\
                        "order":{"id":%d,"external_id":"shopify-%d","status":"fulfilled"}}}""".formatted(printful * 10 + 1, printful, order, order, printful, order);
                HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/webhooks/printful/acme"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("x-pf-webhook-signature", HexFormat.of().formatHex(hmac(PRINTFUL_WEBHOOK_SECRET, body)))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                expect(request, 200, "shipment_sent " + order);
            }
        });
    }

    Result runNoop(long first, int warmUp, int measured, int inFlight) throws Exception {
        return run(
                "no-op",
                NoopBaselineConfiguration.KEY,
                "perf-noop-ShipmentSent",
                first,
                warmUp,
                measured,
                inFlight,
                new Steps() {
                    @Override
                    public void start(AppNode node, long order) throws Exception {
                        String body = """
                                {"messageName":"perf-noop-OrderPaid","tenantId":"acme",\
                                "businessKey":"gid://shopify/Order/%d","processVariables":{\
                                "tenantId":{"value":"acme","type":"String"},\
                                "correlationId":{"value":"perf-%d","type":"String"},\
                                "orderId":{"value":"gid://shopify/Order/%d","type":"String"},\
                                "orderRef":{"value":"shopify-%d","type":"String"},\
                                "paymentIntentId":{"value":"pi_perf%d","type":"String"}}}""".formatted(order, order, order, order, order);
                        expect(engineMessage(node, body), 204, "no-op start " + order);
                    }

                    @Override
                    public void ship(AppNode node, long order, String processInstanceId) throws Exception {
                        String body = """
                                {"messageName":"perf-noop-ShipmentSent","processInstanceId":"%s",\
                                "processVariables":{"trackingNumber":{"value":"9400%d","type":"String"},\
                                "trackingUrl":{"value":"https://tools.usps.com/go/TrackConfirmAction?tLabels=9400%d",\
                                "type":"String"},"carrier":{"value":"USPS","type":"String"}}}""".formatted(processInstanceId, order, order);
                        expect(engineMessage(node, body), 204, "no-op shipment " + order);
                    }
                });
    }

    private HttpRequest engineMessage(AppNode node, String body) {
        String basic = Base64.getEncoder()
                .encodeToString((AppNode.ADMIN_USER + ":" + AppNode.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(node.baseUrl() + "/engine-rest/message"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private void expect(HttpRequest request, int status, String what) throws Exception {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != status && !(status == 204 && answer.statusCode() == 200)) {
            throw new IllegalStateException(what + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private Result run(
            String name,
            String processKey,
            String shipmentMessage,
            long first,
            int warmUp,
            int measured,
            int inFlight,
            Steps steps)
            throws Exception {
        int total = warmUp + measured;
        Semaphore slots = new Semaphore(inFlight);
        Set<Long> shipped = ConcurrentHashMap.newKeySet();
        Set<Long> ended = ConcurrentHashMap.newKeySet();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        AtomicBoolean done = new AtomicBoolean();
        long[] lastProgress = {System.nanoTime()};

        Thread watcher = new Thread(
                () -> {
                    try (Connection owner = DriverManager.getConnection(
                                    database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                            PreparedStatement waiting = owner.prepareStatement("select e.proc_inst_id_, x.business_key_"
                                    + " from act_ru_event_subscr e join act_ru_execution x on x.id_ = e.proc_inst_id_"
                                    + " where e.event_type_ = 'message' and e.event_name_ = ?");
                            PreparedStatement finished =
                                    owner.prepareStatement("select business_key_, end_act_id_, end_time_"
                                            + " from act_hi_procinst where proc_def_key_ = ? and end_time_ >= ?")) {
                        waiting.setString(1, shipmentMessage);
                        finished.setString(1, processKey);
                        Timestamp since = new Timestamp(0);
                        while (!done.get()) {
                            try (ResultSet rows = waiting.executeQuery()) {
                                while (rows.next()) {
                                    String instance = rows.getString(1);
                                    long order = orderOf(rows.getString(2));
                                    if (order >= first && order < first + total && shipped.add(order)) {
                                        senders.submit(() -> {
                                            try {
                                                steps.ship(node(order), order, instance);
                                            } catch (Exception e) {
                                                failures.add(e.toString());
                                            }
                                        });
                                    }
                                }
                            }
                            finished.setTimestamp(2, since);
                            Timestamp newest = since;
                            try (ResultSet rows = finished.executeQuery()) {
                                while (rows.next()) {
                                    long order = orderOf(rows.getString(1));
                                    Timestamp end = rows.getTimestamp(3);
                                    if (end.after(newest)) {
                                        newest = end;
                                    }
                                    if (order >= first && order < first + total && ended.add(order)) {
                                        lastProgress[0] = System.nanoTime();
                                        if (!FULFILLED.equals(rows.getString(2))) {
                                            failures.add("order " + order + " ended at " + rows.getString(2));
                                        }
                                        slots.release();
                                    }
                                }
                            }
                            // Runs ending at the same time may commit out of order: look five seconds back each time.
                            since = new Timestamp(Math.max(0, newest.getTime() - 5000));
                            Thread.sleep(50);
                        }
                    } catch (Exception e) {
                        failures.add("watcher: " + e);
                    }
                },
                "wf01-watcher");
        watcher.setDaemon(true);
        watcher.start();

        try {
            for (long order = first; order < first + total; order++) {
                while (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
                    checkProgress(name, failures, lastProgress[0], ended.size(), total);
                }
                checkProgress(name, failures, lastProgress[0], ended.size(), total);
                long o = order;
                senders.submit(() -> {
                    try {
                        steps.start(node(o), o);
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                });
            }
            while (ended.size() < total) {
                checkProgress(name, failures, lastProgress[0], ended.size(), total);
                Thread.sleep(100);
            }
        } finally {
            done.set(true);
            watcher.join(5000);
            senders.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(name + ": " + failures.size() + " failures, e.g. " + failures.get(0));
        }
        return measure(name, processKey, first, warmUp, total, inFlight);
    }

    private AppNode node(long order) {
        return nodes.get((int) (order % nodes.size()));
    }

    private static void checkProgress(String name, List<String> failures, long lastProgress, int ended, int total) {
        if (!failures.isEmpty()) {
            throw new IllegalStateException(name + ": " + failures.size() + " failures, e.g. " + failures.get(0));
        }
        if (System.nanoTime() - lastProgress > STALL.toNanos()) {
            throw new IllegalStateException(
                    name + ": no run ended for " + STALL.toSeconds() + " s; " + ended + " of " + total + " ended");
        }
    }

    /** Rate and durations over the steady part, from the engine's history (its own start and end times). */
    private Result measure(String name, String processKey, long first, int warmUp, int total, int inFlight)
            throws SQLException {
        List<long[]> runs = new ArrayList<>();
        try (Connection owner = DriverManager.getConnection(
                        database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                PreparedStatement select = owner.prepareStatement("select business_key_, start_time_, end_time_,"
                        + " end_act_id_ from act_hi_procinst where proc_def_key_ = ? and end_time_ is not null")) {
            select.setString(1, processKey);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long order = orderOf(rows.getString(1));
                    if (order < first || order >= first + total) {
                        continue;
                    }
                    if (!FULFILLED.equals(rows.getString(4))) {
                        throw new IllegalStateException("order " + order + " ended at " + rows.getString(4));
                    }
                    runs.add(new long[] {
                        rows.getTimestamp(2).getTime(), rows.getTimestamp(3).getTime()
                    });
                }
            }
        }
        if (runs.size() != total) {
            throw new IllegalStateException(name + ": " + runs.size() + " of " + total + " runs ended");
        }
        runs.sort((a, b) -> Long.compare(a[1], b[1]));
        int from = warmUp - 1;
        int to = Math.max(from + 1, total - 1 - inFlight);
        Histogram durations = new Histogram(3_600_000L, 3);
        for (int i = from + 1; i <= to; i++) {
            durations.recordValue(Math.max(0, runs.get(i)[1] - runs.get(i)[0]));
        }
        double seconds = (runs.get(to)[1] - runs.get(from)[1]) / 1000.0;
        return new Result(name, to - from, seconds, durations, warmUp, inFlight);
    }

    private static long orderOf(String businessKey) {
        if (businessKey == null) {
            return -1;
        }
        int slash = businessKey.lastIndexOf('/');
        try {
            return Long.parseLong(businessKey.substring(slash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static byte[] hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
