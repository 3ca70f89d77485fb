package io.autobiz.sandbox.printful;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxAccounts;
import io.autobiz.sandbox.SandboxFaultProperties;
import io.autobiz.sandbox.SandboxFaults;
import io.autobiz.sandbox.SandboxObjects;
import io.autobiz.sandbox.SandboxProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Orders move as at Printful: {@code draft} → (confirmation) {@code pending} → {@code inprocess} →
 * {@code fulfilled} with a shipment, after the configured delays; then the store's webhook endpoint receives a
 * {@code shipment_sent} event signed with the store's webhook secret ({@code x-pf-webhook-signature}).
 *
 * <p>Orders and shipments are kept per store in {@link SandboxObjects}; what is still to happen to them (production,
 * shipping, a webhook to deliver) is a step in {@code sandbox_printful_timeline} with the time it is due. Steps are run
 * from the database, so a step that fell due while the application was down runs once it is up again, and of two
 * nodes only the one that deletes the step runs it.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class PrintfulSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrintfulSandbox.class);
    private static final String ORDER = "printful.order";
    private static final String SHIPMENT = "printful.shipment";
    private static final int DELIVERY_ATTEMPTS = 5;

    /** Printful's refusal, with its HTTP status. */
    public static final class PrintfulError extends RuntimeException {
        final int status;

        PrintfulError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private record Step(long stepId, long orderId, String step, int attempt, String event) {}

    private final ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-printful");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SandboxProperties sandbox;
    private final SandboxObjects objects;
    private final SandboxAccounts accounts;
    private final CredentialScoper credentials;
    private final Clock clock;
    private final SandboxFaults faults;
    /** A golden run's orders, by store and external ID: the ID an order placed later gets (io.autobiz.golden). */
    private final Map<String, Long> ordersToPlace = new ConcurrentHashMap<>();
    /** A golden run's scripted reads, by store and order ID: each read takes the next status, the last one stays. */
    private final Map<String, Deque<String>> scriptedReads = new ConcurrentHashMap<>();

    public PrintfulSandbox(
            SandboxProperties sandbox,
            SandboxObjects objects,
            SandboxAccounts accounts,
            CredentialScoper credentials,
            Clock clock) {
        this(sandbox, objects, accounts, credentials, clock, new SandboxFaults(SandboxFaultProperties.none()));
    }

    @Autowired
    public PrintfulSandbox(
            SandboxProperties sandbox,
            SandboxObjects objects,
            SandboxAccounts accounts,
            CredentialScoper credentials,
            Clock clock,
            SandboxFaults faults) {
        this.faults = faults;
        this.sandbox = sandbox;
        this.objects = objects;
        this.accounts = accounts;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** Runs the timeline once the server can take the webhooks it delivers. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timeline.scheduleWithFixedDelay(this::runDueSteps, 0, 250, TimeUnit.MILLISECONDS);
    }

    Map<String, Object> create(String storeId, JsonNode order) {
        String externalId = order.path("external_id").asText("");
        return objects.inStore(tenantOf(storeId), store -> {
            if (!externalId.isEmpty() && !store.byRef(ORDER, externalId).isEmpty()) {
                throw new PrintfulError(
                        400, "An order with external_id " + externalId + " already exists in this store");
            }
            Long placed = externalId.isEmpty() ? null : ordersToPlace.remove(key(store.id(), externalId));
            long id = placed != null ? placed : objects.nextId("sandbox_printful_ids");
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("id", id);
            created.put("external_id", externalId);
            created.put("store_id", storeId);
            created.put("status", "draft");
            created.put("shipping", order.path("shipping").asText("STANDARD"));
            created.put("created_at", clock.instant().toString());
            created.put("recipient", Json.mapper().convertValue(order.path("recipient"), Map.class));
            created.put("order_items", Json.mapper().convertValue(order.path("order_items"), List.class));
            store.insert(ORDER, String.valueOf(id), externalId.isEmpty() ? null : externalId, created);
            return Map.copyOf(created);
        });
    }

    Map<String, Object> get(String storeId, long id) {
        return objects.inStore(tenantOf(storeId), store -> {
            Map<String, Object> order = new LinkedHashMap<>(require(store, id, false));
            Deque<String> reads = scriptedReads.get(key(store.id(), String.valueOf(id)));
            if (reads != null) {
                synchronized (reads) {
                    order.put("status", reads.size() > 1 ? reads.poll() : reads.peek());
                }
            }
            return Map.copyOf(order);
        });
    }

    Map<String, Object> getByExternalId(String storeId, String externalId) {
        return objects.inStore(
                tenantOf(storeId),
                store -> store.byRef(ORDER, externalId).stream()
                        .findFirst()
                        .map(Map::copyOf)
                        .orElseThrow(() -> new PrintfulError(404, "Order @" + externalId + " not found")));
    }

    Map<String, Object> confirm(String storeId, long id) {
        return objects.inStore(tenantOf(storeId), store -> {
            Map<String, Object> order = require(store, id, true);
            Object status = order.get("status");
            if ("draft".equals(status)) {
                order.put("status", "pending");
                store.update(ORDER, String.valueOf(id), order);
                schedule(store, id, "inprocess", sandbox.printfulInProductionAfter(), 1, null);
                schedule(store, id, "ship", sandbox.printfulShippedAfter(), 1, null);
            } else if (!"pending".equals(status) && !"inprocess".equals(status) && !"fulfilled".equals(status)) {
                throw new PrintfulError(409, "Order " + id + " is " + status + " and cannot be confirmed");
            }
            return Map.copyOf(order);
        });
    }

    /**
     * Cancels an order that is not in production yet ({@code draft} or {@code pending}); cancelling a cancelled order
     * answers with it unchanged, and one in production or shipped is refused, as at Printful.
     */
    Map<String, Object> cancel(String storeId, long id) {
        return objects.inStore(tenantOf(storeId), store -> {
            Map<String, Object> order = require(store, id, true);
            Object status = order.get("status");
            if ("draft".equals(status) || "pending".equals(status)) {
                order.put("status", "canceled");
                store.update(ORDER, String.valueOf(id), order);
            } else if (!"canceled".equals(status)) {
                throw new PrintfulError(409, "Order " + id + " is " + status + " and can no longer be canceled");
            }
            return Map.copyOf(order);
        });
    }

    List<Map<String, Object>> shipmentsOf(String storeId, long id) {
        return objects.inStore(tenantOf(storeId), store -> {
            require(store, id, false);
            return store.byRef(SHIPMENT, String.valueOf(id));
        });
    }

    /** Every order of every store this node serves, each with its shipments. */
    public List<Map<String, Object>> orders() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (TenantId tenant : objects.stores()) {
            all.addAll(orders(tenant));
        }
        return all;
    }

    /** A store's orders, oldest first, each with its shipments. */
    public List<Map<String, Object>> orders(TenantId tenant) {
        return objects.inStore(
                tenant,
                store -> store.all(ORDER).stream()
                        .map(order -> {
                            Map<String, Object> copy = new LinkedHashMap<>(order);
                            copy.put("shipments", store.byRef(SHIPMENT, String.valueOf(order.get("id"))));
                            return (Map<String, Object>) copy;
                        })
                        .toList());
    }

    /**
     * A golden run's Printful order (io.autobiz.golden), under the case's own ID: with a {@code status} or
     * {@code reads}, it is at Printful already (placed before the case begins; {@code pending} unless a status is
     * given); without, the order AutoBiz places for {@code externalId} gets this ID. {@code reads}, when given, are
     * what Printful shows on each read of the order by its ID in turn, the last one from then on; a {@code shipped}
     * order has its shipment (tracking known). The run's own timers never move it on (the
     * golden profile sets the sandbox's delays to ten years).
     */
    public void placeOrderAs(
            TenantId tenant, long id, String externalId, String status, List<String> reads, boolean shipped) {
        if (reads != null && !reads.isEmpty()) {
            scriptedReads.put(key(tenant, String.valueOf(id)), new ArrayDeque<>(reads));
        }
        boolean atPrintful = status != null || (reads != null && !reads.isEmpty());
        objects.inStore(tenant, store -> {
            if (atPrintful) {
                Map<String, Object> order = new LinkedHashMap<>();
                order.put("id", id);
                order.put("external_id", externalId);
                order.put("store_id", accounts.printfulStoreOf(tenant).orElseThrow());
                order.put("status", status != null ? status : "pending");
                order.put("shipping", "STANDARD");
                order.put("created_at", clock.instant().toString());
                store.insert(ORDER, String.valueOf(id), externalId, order);
            } else {
                ordersToPlace.put(key(tenant, externalId), id);
            }
            if (shipped) {
                store.insert(SHIPMENT, String.valueOf(id * 10 + 1), String.valueOf(id), shipmentOf(id));
            }
            return null;
        });
    }

    private static String key(TenantId tenant, String id) {
        return tenant.value() + "/" + id;
    }

    /**
     * Puts an order on hold, as Printful does when it finds a problem, and sends its {@code order_put_hold} webhook
     * (the demo's way into WF06). The order's timeline goes on, so the hold is released when production resumes.
     */
    public Map<String, Object> putOnHold(TenantId tenant, long id, String reason) {
        return objects.inStore(tenant, store -> {
            Map<String, Object> order = require(store, id, true);
            if ("canceled".equals(order.get("status")) || "fulfilled".equals(order.get("status"))) {
                throw new PrintfulError(409, "Order " + id + " is " + order.get("status") + " and cannot be held");
            }
            order.put("status", "onhold");
            store.update(ORDER, String.valueOf(id), order);
            Map<String, Object> event = Map.of(
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
            schedule(store, id, "deliver", Duration.ZERO, 1, event);
            return event;
        });
    }

    /** Runs every step that is due, in every store; a failing step is logged and tried again on the next round. */
    void runDueSteps() {
        for (TenantId tenant : objects.stores()) {
            try {
                List<Long> due = objects.inStore(
                        tenant,
                        store -> store.jdbc()
                                .sql("select step_id from sandbox_printful_timeline where tenant_id = ? and due_at <= ?"
                                        + " order by due_at, step_id fetch first 20 rows only")
                                .params(tenant.value(), at(clock.instant()))
                                .query(Long.class)
                                .list());
                for (long stepId : due) {
                    objects.inStore(tenant, store -> {
                        run(store, stepId);
                        return null;
                    });
                }
            } catch (RuntimeException e) {
                log.warn("sandbox printful: the timeline of store {} failed: {}", tenant, e.toString());
            }
        }
    }

    /** Locks the step, does it and deletes it in one transaction; a step another node took is gone by now. */
    private void run(SandboxObjects.Store store, long stepId) {
        Optional<Step> claimed = store.jdbc()
                .sql("select step_id, order_id, step, attempt, event from sandbox_printful_timeline"
                        + " where tenant_id = ? and step_id = ? for update")
                .params(store.id().value(), stepId)
                .query((row, n) ->
                        new Step(row.getLong(1), row.getLong(2), row.getString(3), row.getInt(4), row.getString(5)))
                .optional();
        if (claimed.isEmpty()) {
            return;
        }
        Step step = claimed.get();
        switch (step.step()) {
            case "inprocess" -> advance(store, step.orderId(), "inprocess");
            case "ship" -> ship(store, step.orderId());
            case "deliver" -> deliver(store, step);
            default -> throw new IllegalStateException("unknown timeline step " + step.step());
        }
        store.jdbc()
                .sql("delete from sandbox_printful_timeline where tenant_id = ? and step_id = ?")
                .params(store.id().value(), stepId)
                .update();
    }

    private void advance(SandboxObjects.Store store, long id, String status) {
        store.lock(ORDER, String.valueOf(id)).ifPresent(order -> {
            if (!"canceled".equals(order.get("status")) && !"fulfilled".equals(order.get("status"))) {
                order.put("status", status);
                store.update(ORDER, String.valueOf(id), order);
            }
        });
    }

    private void ship(SandboxObjects.Store store, long id) {
        Map<String, Object> order = store.lock(ORDER, String.valueOf(id)).orElse(null);
        if (order == null || "canceled".equals(order.get("status"))) {
            return;
        }
        order.put("status", "fulfilled");
        store.update(ORDER, String.valueOf(id), order);
        Map<String, Object> shipment = shipmentOf(id);
        store.insert(SHIPMENT, String.valueOf(id * 10 + 1), String.valueOf(id), shipment);
        Map<String, Object> event = Map.of(
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
        schedule(store, id, "deliver", Duration.ZERO, 1, event);
    }

    private Map<String, Object> shipmentOf(long id) {
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
        return shipment;
    }

    /**
     * Delivers as Printful does: signed, and tried again a few times (after 2, 4, 6 and 8 seconds) if the endpoint is
     * not there yet. The step stays locked while it is sent, so no other node sends it at the same time.
     */
    private void deliver(SandboxObjects.Store store, Step step) {
        TenantId tenant = store.id();
        if (step.attempt() == 1 && step.event().contains("\"shipment_sent\"") && faults.loseWebhook("printful")) {
            // An injected fault (autobiz.sandbox.faults.lost-webhook-rate): this shipment's webhook never comes, so
            // only reconciliation (Printful's shipments read against the runs waiting for one) can find it.
            return;
        }
        byte[] body = step.event().getBytes(StandardCharsets.UTF_8);
        String secret = credentials.scopeFor(tenant, "printful").require("webhook_secret");
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(sandbox.webhookTarget() + "/webhooks/printful/" + tenant.value()))
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
            log.warn("sandbox printful: webhook answered HTTP {} (attempt {})", response.statusCode(), step.attempt());
        } catch (Exception e) {
            log.warn("sandbox printful: webhook delivery failed (attempt {}): {}", step.attempt(), e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        if (step.attempt() < DELIVERY_ATTEMPTS) {
            store.jdbc()
                    .sql("insert into sandbox_printful_timeline (tenant_id, order_id, step, due_at, attempt, event)"
                            + " values (?, ?, 'deliver', ?, ?, ?)")
                    .params(
                            tenant.value(),
                            step.orderId(),
                            at(clock.instant().plusSeconds(step.attempt() * 2L)),
                            step.attempt() + 1,
                            step.event())
                    .update();
        }
    }

    private void schedule(
            SandboxObjects.Store store, long orderId, String step, Duration after, int attempt, Object event) {
        store.jdbc()
                .sql("insert into sandbox_printful_timeline (tenant_id, order_id, step, due_at, attempt, event)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(
                        store.id().value(),
                        orderId,
                        step,
                        at(clock.instant().plus(after)),
                        attempt,
                        event == null ? null : Json.write(Json.mapper().valueToTree(event)))
                .update();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private TenantId tenantOf(String storeId) {
        return accounts.byPrintfulStore(storeId)
                .orElseThrow(() -> new PrintfulError(404, "Store " + storeId + " not found"));
    }

    private static Map<String, Object> require(SandboxObjects.Store store, long id, boolean forChange) {
        String key = String.valueOf(id);
        return (forChange ? store.lock(ORDER, key) : store.find(ORDER, key))
                .orElseThrow(() -> new PrintfulError(404, "Order " + id + " not found"));
    }

    @Override
    public void close() {
        timeline.shutdownNow();
    }
}
