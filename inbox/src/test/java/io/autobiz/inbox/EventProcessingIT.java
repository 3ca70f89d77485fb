package io.autobiz.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.inbox.EventProcessor.Delivery;
import io.autobiz.inbox.EventProcessor.PendingEvent;
import io.autobiz.inbox.Events.Status;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.MutableClock;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The processor and the ordering gate on PostgreSQL, as the application role under row-level security, with an
 * in-memory stand-in for the workflow engine that behaves like WF01: {@code OrderPaid} starts an order, a shipment or a
 * fulfilment problem can only be applied to a paid order, and no process subscribes to {@code PaymentFailed} (WF02 is
 * not deployed).
 */
@IntegrationInternal
class EventProcessingIT {

    private static TestDatabase database;
    private static TenantJdbc jdbc;

    private MutableClock clock;
    private SimpleMeterRegistry meters;
    private FakeEngine engine;
    private Events store;
    private EventProcessor processor;
    private TenantId tenant;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
        jdbc = new TenantJdbc(database.appDataSource());
    }

    @BeforeEach
    void setUp() {
        // A store of its own per test: the processor only ever sees this test's events.
        tenant = TenantId.of("t" + UUID.randomUUID().toString().substring(0, 8));
        clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        meters = new SimpleMeterRegistry();
        engine = new FakeEngine();
        store = new JdbcEvents(jdbc, clock);
        processor = processorWith(engine);
    }

    private EventProcessor processorWith(EventProcessor.Correlator correlator) {
        return new EventProcessor(
                jdbc,
                new EventOrderingGate(EventOrderingGate.workflowOrder(), Duration.ofSeconds(60)),
                correlator,
                EventProcessor.Transactions.direct(),
                meters,
                clock,
                3);
    }

    @Test
    @DisplayName("P1-T37 P1-T-RK02a a shipment that arrives before its order was paid is held, then delivered after it")
    void outOfOrderEventIsHeldUntilTheGapFills() {
        String shipment = append("evt-ship-1", "order-1", "ShipmentSent");

        assertThat(processor.processNext(tenant))
                .hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(Status.HELD));
        assertThat(store.statusOf(tenant, shipment)).contains(Status.HELD);
        assertThat(counter("event_held_total")).isEqualTo(1.0);
        assertThat(engine.deliveries).isEmpty();

        append("evt-paid-1", "order-1", "OrderPaid");
        processor.drain(tenant, 10);

        assertThat(engine.deliveries).containsExactly("order-1:OrderPaid", "order-1:ShipmentSent");
        assertThat(store.statusOf(tenant, shipment)).contains(Status.PROCESSED);
        assertThat(engine.states).containsEntry("order-1", "SHIPPED");
        assertThat(counter("event_timeout_released_total")).isZero();
    }

    @Test
    @DisplayName(
            "P1-T38 P1-T-RK02c a held event is released with the timeout flag after 60 s when its precondition holds")
    void expiredHoldReleasesWithAFlagWhenThePreconditionHolds() {
        // The order's workflow was started without an OrderPaid event (e.g. by hand), so it waits for the shipment.
        engine.states.put("order-2", "PAID");
        engine.knowsOrders = false;
        String shipment = append("evt-ship-2", "order-2", "ShipmentSent");
        processor.processNext(tenant);
        assertThat(store.statusOf(tenant, shipment)).contains(Status.HELD);

        clock.advance(Duration.ofSeconds(59));
        processor.drain(tenant, 10);
        assertThat(store.statusOf(tenant, shipment)).contains(Status.HELD);

        clock.advance(Duration.ofSeconds(2));
        processor.drain(tenant, 10);

        assertThat(store.statusOf(tenant, shipment)).contains(Status.PROCESSED);
        assertThat(engine.deliveries).containsExactly("order-2:ShipmentSent(timeout)");
        assertThat(view(shipment).timeoutReleased()).isTrue();
        assertThat(counter("event_timeout_released_total")).isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T38 P1-T-RK07a a held event whose precondition is violated at timeout goes to reconciliation, not"
            + " to the workflow")
    void preconditionViolationRoutesToReconciliation() {
        String shipment = append("evt-ship-3", "order-3", "ShipmentSent");
        processor.processNext(tenant);
        clock.advance(Duration.ofSeconds(61));

        processor.drain(tenant, 10);

        assertThat(store.statusOf(tenant, shipment)).contains(Status.RECONCILE);
        assertThat(engine.deliveries).isEmpty();
        assertThat(reconciliationRows())
                .containsExactly("EVENT_PRECONDITION_VIOLATED|" + tenant.value() + ":order:order-3|" + shipment);
        assertThat(view(shipment).outcome()).contains("precondition does not hold");
    }

    @Test
    @DisplayName("SOAK-INV-02 a shipment whose run already got it (reconciliation delivered it) is PROCESSED as"
            + " superseded, not left NO_SUBSCRIBER; one whose run got no shipment is still not processed")
    void shipmentAlreadyDeliveredIsSupersededNotLost() {
        append("evt-paid-s", "order-s", "OrderPaid");
        append("evt-paid-n", "order-n", "OrderPaid");
        processor.drain(tenant, 10);
        engine.states.put("order-s", "SHIPPED"); // reconciliation found the shipment and delivered it to the run
        engine.states.put("order-n", "PROBLEM"); // the run went another way and never got a shipment

        String late = append("evt-ship-s", "order-s", "ShipmentSent");
        String orphan = append("evt-ship-n", "order-n", "ShipmentSent");
        processor.drain(tenant, 10);
        clock.advance(Duration.ofSeconds(61));
        processor.drain(tenant, 10);

        assertThat(store.statusOf(tenant, late)).contains(Status.PROCESSED);
        assertThat(view(late).outcome()).startsWith("superseded: order order-s already got its shipment");
        assertThat(meters.counter("event_processed_total", "source", "test", "outcome", "superseded")
                        .count())
                .isEqualTo(1.0);
        assertThat(store.statusOf(tenant, orphan)).isNotEqualTo(java.util.Optional.of(Status.PROCESSED));
        assertThat(engine.deliveries).containsExactlyInAnyOrder("order-s:OrderPaid", "order-n:OrderPaid");
    }

    @Test
    @DisplayName("SOAK-INV-02 a shipment whose run is still on its way to the wait is held past its hold, then"
            + " superseded once reconciliation delivered the shipment to that run (not left NO_SUBSCRIBER)")
    void shipmentStillExpectedIsHeldUntilItsRunGetsIt() {
        append("evt-paid-w", "order-w", "OrderPaid");
        processor.drain(tenant, 10);
        engine.states.put("order-w", "ON_ITS_WAY"); // the run's steps before the wait are being retried

        String shipment = append("evt-ship-w", "order-w", "ShipmentSent");
        processor.drain(tenant, 10);
        clock.advance(Duration.ofSeconds(61));
        processor.drain(tenant, 10);
        assertThat(store.statusOf(tenant, shipment)).contains(Status.HELD);

        engine.states.put("order-w", "SHIPPED"); // reconciliation found the shipment and delivered it
        clock.advance(Duration.ofSeconds(61));
        processor.drain(tenant, 10);

        assertThat(store.statusOf(tenant, shipment)).contains(Status.PROCESSED);
        assertThat(view(shipment).outcome()).startsWith("superseded:");
    }

    @Test
    @DisplayName(
            "P1-T-RK02b a shuffled, duplicated stream of events for many orders ends in the same final states as the"
                    + " ordered stream, each event delivered once")
    void shuffledStreamEndsInTheSameStates() {
        List<String[]> ordered = new ArrayList<>();
        for (int order = 0; order < 30; order++) {
            ordered.add(new String[] {"paid-" + order, "o" + order, "OrderPaid"});
            if (order % 3 == 0) {
                ordered.add(new String[] {"problem-" + order, "o" + order, "FulfilmentProblem"});
            } else {
                ordered.add(new String[] {"ship-" + order, "o" + order, "ShipmentSent"});
            }
        }
        Map<String, String> expected = runStream(ordered, new FakeEngine());
        assertThat(expected).hasSize(30).containsEntry("o0", "PROBLEM").containsEntry("o1", "SHIPPED");

        List<String[]> shuffled = new ArrayList<>(ordered);
        shuffled.addAll(ordered.subList(0, 20)); // redeliveries
        Collections.shuffle(shuffled, new Random(7));
        tenant = TenantId.of("t" + UUID.randomUUID().toString().substring(0, 8));
        FakeEngine shuffledEngine = new FakeEngine();

        Map<String, String> actual = runStream(shuffled, shuffledEngine);

        assertThat(actual).isEqualTo(expected);
        assertThat(shuffledEngine.deliveries).hasSize(60).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("P1-T-RK02d two processors on one database deliver each of 200 events exactly once (SKIP LOCKED)")
    void concurrentProcessorsDeliverEachEventOnce() throws Exception {
        for (int i = 0; i < 200; i++) {
            append("paid-" + i, "c" + i, "OrderPaid");
        }
        FakeEngine shared = new FakeEngine();
        EventProcessor first = processorWith(shared);
        EventProcessor second = processorWith(shared);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<Integer> a = pool.submit(() -> {
                start.await();
                return first.drain(tenant, 1000);
            });
            Future<Integer> b = pool.submit(() -> {
                start.await();
                return second.drain(tenant, 1000);
            });
            start.countDown();
            assertThat(a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS))
                    .isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.deliveries).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("P1-T37 a message with no subscribing process is recorded as NO_SUBSCRIBER, listed, and delivered once"
            + " an operator releases it after the process is deployed")
    void noSubscriberIsVisibleAndReleasable() {
        String failed = append("evt-pf-1", "order-9", "PaymentFailed");

        processor.drain(tenant, 10);

        assertThat(store.statusOf(tenant, failed)).contains(Status.NO_SUBSCRIBER);
        assertThat(store.list(tenant, Events.RELEASABLE, 50))
                .singleElement()
                .satisfies(v -> assertThat(v.outcome()).contains("no process subscribes to message PaymentFailed"));
        assertThat(engine.deliveries).isEmpty();

        engine.paymentFailureDeployed = true;
        assertThat(store.release(tenant, failed)).isTrue();
        assertThat(store.release(tenant, failed))
                .as("a second release finds nothing to release")
                .isFalse();
        processor.drain(tenant, 10);

        assertThat(store.statusOf(tenant, failed)).contains(Status.PROCESSED);
        assertThat(engine.deliveries).containsExactly("order-9:PaymentFailed");
        assertThat(view(failed).operatorReleased()).isTrue();
    }

    @Test
    @DisplayName("P1-T37 a delivery that keeps failing is retried, then FAILED and releasable; the"
            + " failed attempts change nothing")
    void failingDeliveryEndsFailedAndReleasable() {
        AtomicInteger calls = new AtomicInteger();
        EventProcessor failing = processorWith(new EventProcessor.Correlator() {
            @Override
            public Delivery deliver(PendingEvent event) {
                calls.incrementAndGet();
                throw new IllegalStateException("engine unavailable");
            }

            @Override
            public boolean canDeliver(PendingEvent event) {
                return true;
            }
        });
        String paid = append("evt-paid-f", "order-f", "OrderPaid");

        failing.drain(tenant, 10);

        assertThat(calls).hasValue(3);
        assertThat(store.statusOf(tenant, paid)).contains(Status.FAILED);
        assertThat(view(paid).outcome()).contains("engine unavailable");
        assertThat(store.release(tenant, paid)).isTrue();
        processor.drain(tenant, 10);
        assertThat(engine.deliveries).containsExactly("order-f:OrderPaid");
    }

    @Test
    @DisplayName("P1-T36 an event is stored once per provider event ID and once per second dedup key, for good")
    void eventsAreDeduplicatedForGood() {
        VerifiedEvent first = event("evt-dup", "order-d", "OrderPaid", "orders/paid:123");
        assertThat(store.append(first)).isPresent();
        assertThat(store.append(first)).isEmpty();
        clock.advance(Duration.ofDays(30));
        assertThat(store.append(event("evt-dup", "order-d", "OrderPaid", null))).isEmpty();
        assertThat(store.append(event("evt-other-delivery", "order-d", "OrderPaid", "orders/paid:123")))
                .as("another delivery of the same merchant action and topic")
                .isEmpty();
        assertThat(store.list(tenant, EnumSet.allOf(Status.class), 10)).hasSize(1);
    }

    private Map<String, String> runStream(List<String[]> stream, FakeEngine target) {
        EventProcessor streamProcessor = processorWith(target);
        for (String[] e : stream) {
            store.append(event(e[0], e[1], e[2], null));
            streamProcessor.drain(tenant, 5);
        }
        // Let every hold either fill or expire.
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(61));
            streamProcessor.drain(tenant, 1000);
        }
        assertThat(store.list(tenant, EnumSet.of(Status.RECEIVED, Status.HELD), 10))
                .as("nothing left waiting")
                .isEmpty();
        return Map.copyOf(target.states);
    }

    private String append(String providerEventId, String order, String message) {
        return store.append(event(providerEventId, order, message, null)).orElseThrow();
    }

    private VerifiedEvent event(String providerEventId, String order, String message, String dedupKey) {
        return new VerifiedEvent(
                tenant,
                "test",
                providerEventId,
                message.toLowerCase(),
                EntityId.of(tenant, "order", order),
                "{}",
                "corr-" + providerEventId,
                clock.instant(),
                dedupKey,
                typed(message));
    }

    /** An event of each kind the stream tests use; the fake engine reads only its message. */
    private static ProviderEvent typed(String message) {
        return switch (message) {
            case "OrderPaid" -> new ProviderEvent.OrderPaid("gid://shopify/Order/1", "pi_1");
            case "ShipmentSent" -> new ProviderEvent.ShipmentSent(1, "TRK1", "https://track.example/1", "UPS");
            case "FulfilmentProblem" -> new ProviderEvent.OrderFailed(1, "shopify-1", "out of stock");
            case "PaymentFailed" -> new ProviderEvent.PaymentFailed("pi_1", "gid://shopify/Order/1", "", "");
            default -> throw new IllegalArgumentException(message);
        };
    }

    private Events.EventView view(String eventId) {
        return store.list(tenant, EnumSet.allOf(Status.class), 1000).stream()
                .filter(v -> v.eventId().equals(eventId))
                .findFirst()
                .orElseThrow();
    }

    private double counter(String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private List<String> reconciliationRows() {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select drift_kind, entity_id, event_id from reconciliation where tenant_id = ?")) {
                select.setString(1, tenant.value());
                List<String> rows = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(result.getString(1) + "|" + result.getString(2) + "|" + result.getString(3));
                    }
                }
                return rows;
            }
        });
    }

    /** WF01 in miniature: a paid order waits for its shipment or problem; WF02 is deployed only when a test says so. */
    static final class FakeEngine implements EventProcessor.Correlator {
        final Map<String, String> states = new ConcurrentHashMap<>();
        final List<String> deliveries = Collections.synchronizedList(new ArrayList<>());
        volatile boolean paymentFailureDeployed;
        volatile boolean knowsOrders = true;

        @Override
        public Delivery deliver(PendingEvent event) {
            if (!canDeliver(event)) {
                return Delivery.NO_SUBSCRIBER;
            }
            String order = order(event);
            switch (event.message().messageName()) {
                case "OrderPaid" -> states.put(order, "PAID");
                case "ShipmentSent" -> states.put(order, "SHIPPED");
                case "FulfilmentProblem" -> states.put(order, "PROBLEM");
                case "PaymentFailed" -> states.put(order, "PAYMENT_FAILED");
                default -> throw new IllegalArgumentException(event.message().messageName());
            }
            deliveries.add(order + ":" + event.message().messageName() + (event.timeoutReleased() ? "(timeout)" : ""));
            return Delivery.DELIVERED;
        }

        @Override
        public boolean canDeliver(PendingEvent event) {
            return switch (event.message().messageName()) {
                case "OrderPaid" -> !states.containsKey(order(event));
                case "PaymentFailed" -> paymentFailureDeployed;
                default -> "PAID".equals(states.get(order(event)));
            };
        }

        @Override
        public boolean entityReached(PendingEvent event, WorkflowMessage message) {
            return knowsOrders && message == WorkflowMessage.ORDER_PAID && states.containsKey(order(event));
        }

        @Override
        public boolean stillExpected(PendingEvent event) {
            return "ShipmentSent".equals(event.message().messageName())
                    && "ON_ITS_WAY".equals(states.get(order(event)));
        }

        @Override
        public java.util.Optional<String> superseded(PendingEvent event) {
            return "ShipmentSent".equals(event.message().messageName()) && "SHIPPED".equals(states.get(order(event)))
                    ? java.util.Optional.of("order " + order(event) + " already got its shipment")
                    : java.util.Optional.empty();
        }

        private static String order(PendingEvent event) {
            return event.entityId().substring(event.entityId().lastIndexOf(':') + 1);
        }
    }
}
