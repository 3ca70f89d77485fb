package io.autobiz.sandbox.printful;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxProperties;
import io.autobiz.tenancy.TenantProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Orders move as at Printful: {@code draft} → (confirmation) {@code pending} → {@code inprocess} →
 * {@code fulfilled} with a shipment, after the configured delays; then the store's webhook endpoint receives a
 * {@code shipment_sent} event signed with the store's webhook secret ({@code x-pf-webhook-signature}).
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class PrintfulSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrintfulSandbox.class);

    /** Printful's refusal, with its HTTP status. */
    public static final class PrintfulError extends RuntimeException {
        final int status;

        PrintfulError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Map<Long, Map<String, Object>> orders = new ConcurrentHashMap<>();
    private final Map<Long, List<Map<String, Object>>> shipments = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(90_000_000L);
    private final ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-printful");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SandboxProperties sandbox;
    private final TenantProperties properties;
    private final CredentialScoper credentials;
    private final Clock clock;

    public PrintfulSandbox(
            SandboxProperties sandbox, TenantProperties properties, CredentialScoper credentials, Clock clock) {
        this.sandbox = sandbox;
        this.properties = properties;
        this.credentials = credentials;
        this.clock = clock;
    }

    synchronized Map<String, Object> create(String storeId, JsonNode order) {
        String externalId = order.path("external_id").asText("");
        boolean duplicate = orders.values().stream()
                .anyMatch(existing ->
                        storeId.equals(existing.get("store_id")) && externalId.equals(existing.get("external_id")));
        if (!externalId.isEmpty() && duplicate) {
            throw new PrintfulError(400, "An order with external_id " + externalId + " already exists in this store");
        }
        long id = ids.incrementAndGet();
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", id);
        created.put("external_id", externalId);
        created.put("store_id", storeId);
        created.put("status", "draft");
        created.put("shipping", order.path("shipping").asText("STANDARD"));
        created.put("created_at", clock.instant().toString());
        created.put("recipient", Json.mapper().convertValue(order.path("recipient"), Map.class));
        created.put("order_items", Json.mapper().convertValue(order.path("order_items"), List.class));
        orders.put(id, created);
        return Map.copyOf(created);
    }

    synchronized Map<String, Object> get(String storeId, long id) {
        return Map.copyOf(require(storeId, id));
    }

    synchronized Map<String, Object> getByExternalId(String storeId, String externalId) {
        return orders.values().stream()
                .filter(order -> storeId.equals(order.get("store_id")) && externalId.equals(order.get("external_id")))
                .findFirst()
                .map(Map::copyOf)
                .orElseThrow(() -> new PrintfulError(404, "Order @" + externalId + " not found"));
    }

    synchronized Map<String, Object> confirm(String storeId, long id) {
        Map<String, Object> order = require(storeId, id);
        if ("draft".equals(order.get("status"))) {
            order.put("status", "pending");
            timeline.schedule(
                    () -> advance(id, "inprocess"),
                    sandbox.printfulInProductionAfter().toMillis(),
                    TimeUnit.MILLISECONDS);
            timeline.schedule(this.shipLater(id), sandbox.printfulShippedAfter().toMillis(), TimeUnit.MILLISECONDS);
        } else if (!"pending".equals(order.get("status"))
                && !"inprocess".equals(order.get("status"))
                && !"fulfilled".equals(order.get("status"))) {
            throw new PrintfulError(409, "Order " + id + " is " + order.get("status") + " and cannot be confirmed");
        }
        return Map.copyOf(order);
    }

    /**
     * Cancels an order that is not in production yet ({@code draft} or {@code pending}); cancelling a cancelled order
     * answers with it unchanged, and one in production or shipped is refused, as at Printful.
     */
    synchronized Map<String, Object> cancel(String storeId, long id) {
        Map<String, Object> order = require(storeId, id);
        Object status = order.get("status");
        if ("draft".equals(status) || "pending".equals(status)) {
            order.put("status", "canceled");
        } else if (!"canceled".equals(status)) {
            throw new PrintfulError(409, "Order " + id + " is " + status + " and can no longer be canceled");
        }
        return Map.copyOf(order);
    }

    synchronized List<Map<String, Object>> shipmentsOf(String storeId, long id) {
        require(storeId, id);
        return List.copyOf(shipments.getOrDefault(id, List.of()));
    }

    public synchronized List<Map<String, Object>> orders() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> order : orders.values()) {
            Map<String, Object> copy = new LinkedHashMap<>(order);
            copy.put("shipments", shipments.getOrDefault((Long) order.get("id"), List.of()));
            all.add(copy);
        }
        return all;
    }

    private synchronized void advance(long id, String status) {
        Map<String, Object> order = orders.get(id);
        if (order != null && !"canceled".equals(order.get("status")) && !"fulfilled".equals(order.get("status"))) {
            order.put("status", status);
        }
    }

    private Runnable shipLater(long id) {
        return () -> {
            Map<String, Object> event = ship(id);
            if (event != null) {
                deliver((String) orders.get(id).get("store_id"), event, 1);
            }
        };
    }

    private synchronized Map<String, Object> ship(long id) {
        Map<String, Object> order = orders.get(id);
        if (order == null || "canceled".equals(order.get("status"))) {
            return null;
        }
        order.put("status", "fulfilled");
        String tracking = "9400" + String.format("%018d", id * 7919L);
        Map<String, Object> shipment = new LinkedHashMap<>();
        shipment.put("id", id * 10 + 1);
        shipment.put("order_id", id);
        shipment.put("carrier", "USPS");
        shipment.put("service", "USPS Ground Advantage");
        shipment.put("shipment_status", "shipped");
        shipment.put("tracking_number", tracking);
        shipment.put("tracking_url", "https://tools.usps.com/go/TrackConfirmAction?tLabels=" + tracking);
        shipment.put("shipped_at", clock.instant().toString());
        shipments.computeIfAbsent(id, k -> new ArrayList<>()).add(shipment);
        return Map.of(
                "type", "shipment_sent",
                "occurred_at", clock.instant().toString(),
                "retries", 0,
                "store_id", order.get("store_id"),
                "data",
                        Map.of(
                                "shipment",
                                shipment,
                                "order",
                                Map.of("id", id, "external_id", order.get("external_id"), "status", "fulfilled")));
    }

    /**
     * Puts an order on hold, as Printful does when it finds a problem, and sends its {@code order_put_hold} webhook
     * (the demo's way into WF06). The order's timeline goes on, so the hold is released when production resumes.
     */
    public Map<String, Object> putOnHold(long id, String reason) {
        Map<String, Object> event;
        synchronized (this) {
            Map<String, Object> order = orders.get(id);
            if (order == null) {
                throw new PrintfulError(404, "Order " + id + " not found");
            }
            if ("canceled".equals(order.get("status")) || "fulfilled".equals(order.get("status"))) {
                throw new PrintfulError(409, "Order " + id + " is " + order.get("status") + " and cannot be held");
            }
            order.put("status", "onhold");
            event = Map.of(
                    "type", "order_put_hold",
                    "occurred_at", clock.instant().toString(),
                    "retries", 0,
                    "store_id", order.get("store_id"),
                    "data",
                            Map.of(
                                    "reason",
                                    reason,
                                    "order",
                                    Map.of("id", id, "external_id", order.get("external_id"), "status", "onhold")));
        }
        String storeId = (String) orders.get(id).get("store_id");
        timeline.schedule(() -> deliver(storeId, event, 1), 0, TimeUnit.MILLISECONDS);
        return event;
    }

    /** Delivers as Printful does: signed, and retried a few times if the endpoint is not there yet. */
    private void deliver(String storeId, Map<String, Object> event, int attempt) {
        Optional<TenantId> tenant = tenantOfStore(storeId);
        if (tenant.isEmpty()) {
            log.warn("sandbox printful: store {} belongs to no configured tenant; webhook dropped", storeId);
            return;
        }
        byte[] body = Json.write(Json.mapper().valueToTree(event)).getBytes(StandardCharsets.UTF_8);
        String secret = credentials.scopeFor(tenant.get(), "printful").require("webhook_secret");
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.webhookTarget() + "/webhooks/printful/"
                        + tenant.get().value()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("x-pf-webhook-signature", Digests.hmacSha256Hex(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() < 300) {
                return;
            }
            log.warn("sandbox printful: webhook answered HTTP {} (attempt {})", response.statusCode(), attempt);
        } catch (Exception e) {
            log.warn("sandbox printful: webhook delivery failed (attempt {}): {}", attempt, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (attempt < 5) {
            timeline.schedule(() -> deliver(storeId, event, attempt + 1), attempt * 2L, TimeUnit.SECONDS);
        }
    }

    private Optional<TenantId> tenantOfStore(String storeId) {
        return properties.tenants().entrySet().stream()
                .filter(entry -> storeId.equals(entry.getValue().printfulStoreId()))
                .map(entry -> TenantId.of(entry.getKey()))
                .findFirst();
    }

    private Map<String, Object> require(String storeId, long id) {
        Map<String, Object> order = orders.get(id);
        if (order == null || !storeId.equals(order.get("store_id"))) {
            throw new PrintfulError(404, "Order " + id + " not found");
        }
        return order;
    }

    @Override
    public void close() {
        timeline.shutdownNow();
    }
}
