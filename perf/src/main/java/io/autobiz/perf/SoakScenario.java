package io.autobiz.perf;

import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak (issue 18, P1-TASK-32): two AutoBiz nodes from the packaged jar on one PostgreSQL database and one Redis,
 * the sandbox providers injecting faults, and a mixed load through the real ingress and REST APIs for several stores
 * and all seven workflows; one node is killed with SIGKILL half-way and started again. When everything is sent the
 * harness waits for the system to settle, runs the invariant checker on the database, the receipts, the sandboxes'
 * ledgers and the nodes' logs, and writes {@code target/soak/report.json} and {@code report.md}. Knobs in {@link
 * SoakSettings}; command and a recorded run in docs/performance.md.
 *
 * <p>The flows, chosen at random (seeded) per event: a customer's paid order (Shopify {@code orders/paid}: WF01); a
 * declined card (Stripe {@code payment_intent.payment_failed}: WF02, its wait moved along); a refund of a captured
 * order (WF03), a cancellation (WF04) and a "where is my order?" (WF05), each started by the store through the engine
 * REST API; Printful putting an order on hold (its signed webhook: WF06); a closeout of one store after every
 * {@code soak.closeoutEvery} events and of every store at the end (WF07, which reconciles). Webhook deliveries are
 * duplicated and held back out of order at the configured rates; approvals are approved, denied or left to time out
 * by {@link SoakPeople}.
 */
public final class SoakScenario {

    private SoakScenario() {}

    public static void main(String[] args) throws Exception {
        SoakSettings settings = SoakSettings.fromSystemProperties();
        String command = "./mvnw -B -ntp -q -Pperf -pl perf compile exec:java@soak" + knobsGiven();
        String commit = Commit.head();
        String loadBefore = MachineLoad.now();
        Instant startedAt = Instant.now();
        System.out.printf("soak: %s%n  settings %s%n  commit %s, %s%n", command, settings.asMap(), commit, loadBefore);

        List<String> targets = list("soak.targets");
        SoakCluster cluster;
        SoakDatabase database;
        if (targets.isEmpty()) {
            TestDatabase local = TestPostgres.newDatabase();
            cluster = new SoakCluster(local, settings, 2);
            database = new SoakDatabase(local.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
        } else {
            // A staging deployment: its nodes, its stores, a role of its database that reads every store.
            cluster = new SoakCluster(settings, targets, list("soak.storeNames"));
            database = new SoakDatabase(
                    required("soak.db.url"), required("soak.db.user"), System.getProperty("soak.db.password", ""));
            if (cluster.stores().isEmpty()) {
                throw new IllegalArgumentException("soak.storeNames: the staging stores to send to");
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        int exit = 1;
        try {
            cluster.startAll();
            System.out.printf("soak: %d nodes healthy (%s)%n", cluster.nodes().size(), healthyTimes(cluster));
            SoakTraffic traffic = new SoakTraffic(cluster, settings.seed());
            SoakPeople people = new SoakPeople(database, traffic, 0.7, 0.2);
            people.createApprover(cluster.stores());
            Thread peopleThread = new Thread(people, "soak-people");
            peopleThread.setDaemon(true);
            peopleThread.start();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleWithFixedDelay(cluster::sampleAll, 0, 5, TimeUnit.SECONDS);
            StandInAutovacuum statistics = StandInAutovacuum.start(database, Duration.ofMinutes(2));

            Run run = new Run(settings, cluster, traffic, people, database);
            run.send();
            run.closeEveryStore();
            Map<String, Object> settle = run.settle();
            cluster.sampleAll();
            sampler.shutdownNow();
            statistics.close();
            people.stop();

            SoakOutcome outcome = new SoakOutcome(database, cluster.stores());
            Map<String, Object> latencies = retried(outcome::latencies);
            Map<String, Object> outcomes = retried(outcome::outcomes);
            List<String> scrapes = cluster.scrapes();
            List<String> secrets = allSecrets(cluster.stores());
            secrets.add(cluster.scrapePassword());
            SoakInvariants.Result invariants =
                    SoakInvariants.check(database, cluster.logs(), scrapes, secrets, traffic.personalData);
            String loadAfter = MachineLoad.now();

            long events = traffic.total(traffic.sent);
            report.put("passed", invariants.ran() && invariants.passed() && run.failure == null);
            report.put("events", events);
            report.put("command", command);
            report.put("commit", commit);
            report.put("startedAt", startedAt.toString());
            report.put("finishedAt", Instant.now().toString());
            report.put("machine", Map.of("before", loadBefore, "after", loadAfter));
            report.put("settings", settings.asMap());
            report.put("sending", run.sending(events));
            report.put("eventsByKind", SoakTraffic.snapshot(traffic.sent));
            report.put("refusedByKind", SoakTraffic.snapshot(traffic.refused));
            report.put("resentAfterNodeDown", SoakTraffic.snapshot(traffic.resentAfterNodeDown));
            report.put("refusalSamples", traffic.refusals.stream().limit(20).toList());
            report.put("latencies", latencies);
            report.put("nodes", nodes(cluster));
            report.put("faults", run.faults());
            report.put("approvals", SoakTraffic.snapshot(people.decisions));
            report.put("timersMoved", SoakTraffic.snapshot(people.timersMoved));
            report.put("harnessFailures", SoakTraffic.snapshot(people.failures));
            report.put("settle", settle);
            report.put("outcomes", outcomes);
            report.put("metricScrapes", scrapes.size());
            report.put("invariantsRan", invariants.ran());
            report.put("invariantsNote", invariants.note());
            report.put("invariants", invariants.invariants());
            report.put("workflows", invariants.ran() ? invariants.workflows() : retried(outcome::workflowRates));
            report.put("workflowsSource", invariants.ran() ? "invariant checker" : "harness (engine history)");
            if (run.failure != null) {
                report.put("harnessError", run.failure);
            }
            exit = Boolean.TRUE.equals(report.get("passed")) ? 0 : 2;
        } catch (Exception e) {
            report.put("passed", false);
            report.put("events", 0);
            report.put("command", command);
            report.put("commit", commit);
            report.put("finishedAt", Instant.now().toString());
            report.put("invariants", List.of());
            report.put("workflows", List.of());
            report.put("harnessError", e.toString());
            e.printStackTrace();
        } finally {
            cluster.close();
            Path written = SoakReport.write(report);
            System.out.printf("%nsoak: report %s (passed: %s)%n", written, report.get("passed"));
        }
        System.exit(exit);
    }

    /** One soak run's sending and settling. */
    private static final class Run {
        final SoakSettings settings;
        final SoakCluster cluster;
        final SoakTraffic traffic;
        final SoakPeople people;
        final SoakDatabase database;
        final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final AtomicLong holdsNotPossible = new AtomicLong();
        final AtomicLong fallbacks = new AtomicLong();
        final List<Map<String, Object>> kills = new ArrayList<>();
        volatile String failure;
        long sendStarted;
        long sendEnded;
        int nextCloseout;

        Run(SoakSettings settings, SoakCluster cluster, SoakTraffic traffic, SoakPeople people, SoakDatabase database) {
            this.settings = settings;
            this.cluster = cluster;
            this.traffic = traffic;
            this.people = people;
            this.database = database;
        }

        void send() throws Exception {
            ExecutorService senders = Executors.newFixedThreadPool(settings.senders());
            Semaphore inFlight = new Semaphore(settings.senders() * 4);
            List<Long> killAt = new ArrayList<>();
            // Only nodes the harness started can be killed by it; against staging, kill by the deployment's means.
            for (int k = 1; cluster.local() && k <= settings.faults().kills(); k++) {
                killAt.add((long) settings.events() * k / (settings.faults().kills() + 1));
            }
            Thread killer = null;
            sendStarted = System.nanoTime();
            long deadline = settings.duration().isZero()
                    ? Long.MAX_VALUE
                    : sendStarted + settings.duration().toNanos();
            long planned = 0;
            long lastProgress = System.nanoTime();
            while (planned < settings.events() && System.nanoTime() < deadline && failure == null) {
                if (settings.rate() > 0) {
                    long due = sendStarted + (long) (planned * 1e9 / settings.rate());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                if (!killAt.isEmpty() && planned >= killAt.get(0)) {
                    killAt.remove(0);
                    if (killer != null) {
                        killer.join();
                    }
                    long at = planned;
                    killer = new Thread(() -> killAndRestart(at), "soak-killer");
                    killer.start();
                }
                if (planned >= (long) (nextCloseout + 1) * settings.closeoutEvery()) {
                    String store =
                            cluster.stores().get(nextCloseout % cluster.stores().size());
                    nextCloseout++;
                    planned++;
                    submit(senders, inFlight, () -> closeout(store));
                }
                Flow flow = Flow.pick(traffic.nextDouble());
                boolean duplicate =
                        flow.webhook && traffic.nextDouble() < settings.faults().duplicate();
                boolean late =
                        flow.webhook && traffic.nextDouble() < settings.faults().outOfOrder();
                String store =
                        cluster.stores().get(traffic.nextInt(cluster.stores().size()));
                planned += duplicate ? 2 : 1;
                submit(senders, inFlight, () -> run(flow, store, duplicate, late));
                if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(30)) {
                    lastProgress = System.nanoTime();
                    System.out.printf(
                            "soak: %d of %d events sent (%.0f s)%n",
                            traffic.total(traffic.sent), settings.events(), (System.nanoTime() - sendStarted) / 1e9);
                }
            }
            senders.shutdown();
            senders.awaitTermination(30, TimeUnit.MINUTES);
            later.shutdown();
            later.awaitTermination(5, TimeUnit.MINUTES);
            if (killer != null) {
                killer.join();
            }
            sendEnded = System.nanoTime();
            System.out.printf(
                    "soak: sent %d events in %.0f s%n", traffic.total(traffic.sent), (sendEnded - sendStarted) / 1e9);
        }

        private void submit(ExecutorService senders, Semaphore inFlight, Task task) throws InterruptedException {
            inFlight.acquire();
            senders.submit(() -> {
                try {
                    task.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    SoakTraffic.count(traffic.refused, "harness " + e.getClass().getSimpleName());
                    if (traffic.refusals.size() < 200) {
                        traffic.refusals.add("harness: " + e);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }

        interface Task {
            void run() throws Exception;
        }

        private void run(Flow flow, String store, boolean duplicate, boolean late) throws Exception {
            switch (flow) {
                case ORDER -> order(store, duplicate, late);
                case DECLINED -> {
                    SoakTraffic.Order order = traffic.checkout(store, amount(), true);
                    deliver(traffic.paymentFailed(order), duplicate, late);
                }
                case REFUND -> {
                    SoakTraffic.Order order = captured(store);
                    if (order == null) {
                        fallbacks.incrementAndGet();
                        order(store, false, false);
                        return;
                    }
                    long amount = traffic.nextDouble() < 0.5 ? order.amount : Math.max(100, order.amount / 2);
                    Map<String, Object> variables = new LinkedHashMap<>();
                    variables.put("tenantId", order.store);
                    variables.put("correlationId", "soak-" + UUID.randomUUID());
                    variables.put("refundRequestId", "soak-refund-" + UUID.randomUUID());
                    variables.put("orderId", order.gid);
                    variables.put("paymentIntentId", order.paymentIntentId);
                    variables.put("amount", amount);
                    variables.put("currency", "USD");
                    variables.put("refundReason", "the parcel arrived damaged");
                    variables.put("requestedBy", "user:soak-staff");
                    traffic.start("refund", order.store, variables, "REST start refund (WF03)");
                }
                case CANCEL -> {
                    SoakTraffic.Order order = untaken(store, 2_000, Long.MAX_VALUE);
                    if (order == null) {
                        fallbacks.incrementAndGet();
                        order(store, false, false);
                        return;
                    }
                    Map<String, Object> variables = new LinkedHashMap<>();
                    variables.put("tenantId", order.store);
                    variables.put("correlationId", "soak-" + UUID.randomUUID());
                    variables.put("approversGroup", order.store + "-approvers");
                    variables.put("cancelRequestId", "soak-cancel-" + UUID.randomUUID());
                    variables.put("orderId", order.gid);
                    variables.put("paymentIntentId", order.paymentIntentId);
                    variables.put("cancelReason", "ordered the wrong size");
                    variables.put("requestedBy", "user:soak-staff");
                    variables.put("printfulCancellable", false);
                    traffic.start("order-cancel", order.store, variables, "REST start order-cancel (WF04)");
                }
                case WISMO -> {
                    SoakTraffic.Order order = any(store, 10_000);
                    if (order == null) {
                        fallbacks.incrementAndGet();
                        order(store, false, false);
                        return;
                    }
                    Map<String, Object> variables = new LinkedHashMap<>();
                    variables.put("tenantId", order.store);
                    variables.put("correlationId", "soak-" + UUID.randomUUID());
                    variables.put("approversGroup", order.store + "-approvers");
                    variables.put("wismoRequestId", "soak-wismo-" + UUID.randomUUID());
                    variables.put("customerEmail", order.email);
                    variables.put("customerMessage", "Hello, where is my order " + order.name + "?");
                    traffic.start("wismo", order.store, variables, "REST start wismo (WF05)");
                }
                case HOLD -> {
                    for (int attempt = 0; attempt < 3; attempt++) {
                        SoakTraffic.Order order = untaken(store, 3_000, 9_000);
                        if (order != null && traffic.hold(order, "printful order_put_hold (WF06)")) {
                            return;
                        }
                    }
                    holdsNotPossible.incrementAndGet();
                    order(store, false, false);
                }
            }
        }

        private void order(String store, boolean duplicate, boolean late) throws Exception {
            SoakTraffic.Order order = traffic.checkout(store, amount(), false);
            traffic.orders.add(order);
            deliver(traffic.ordersPaid(order), duplicate, late);
        }

        private void closeout(String store) throws InterruptedException {
            traffic.start(
                    "daily-closeout",
                    store,
                    Map.of("correlationId", "soak-closeout-" + UUID.randomUUID()),
                    "REST start daily-closeout (WF07)");
        }

        /** Orders of 15.00 to 75.00: above 50.00 a cancellation needs an approval (the store's rule). */
        private long amount() {
            return 1500 + traffic.nextInt(6001);
        }

        /** Sends a delivery now or a little later (out of order), and maybe once more later (a duplicate). */
        private void deliver(SoakTraffic.Delivery delivery, boolean duplicate, boolean late) throws Exception {
            if (late) {
                outOfOrder.incrementAndGet();
                later.schedule(
                        () -> quietly(() -> traffic.deliver(delivery, delivery.kind())),
                        1000 + traffic.nextInt(4000),
                        TimeUnit.MILLISECONDS);
            } else {
                traffic.deliver(delivery, delivery.kind());
            }
            if (duplicate) {
                duplicates.incrementAndGet();
                later.schedule(
                        () -> quietly(() -> traffic.deliver(delivery, delivery.kind() + " (duplicate)")),
                        500 + traffic.nextInt(8000),
                        TimeUnit.MILLISECONDS);
            }
        }

        private void quietly(Task task) {
            try {
                task.run();
            } catch (Exception e) {
                SoakTraffic.count(traffic.refused, "harness " + e.getClass().getSimpleName());
            }
        }

        /** An order of the store, not used by another flow, placed between the two ages (ms); taken for the caller. */
        private SoakTraffic.Order untaken(String store, long minAgeMillis, long maxAgeMillis) {
            long now = System.currentTimeMillis();
            synchronized (traffic.orders) {
                for (int i = traffic.orders.size() - 1; i >= 0; i--) {
                    SoakTraffic.Order order = traffic.orders.get(i);
                    long age = now - order.placedAtMillis;
                    if (age > maxAgeMillis) {
                        break;
                    }
                    if (order.store.equals(store) && age >= minAgeMillis && order.taken.compareAndSet(false, true)) {
                        return order;
                    }
                }
            }
            return null;
        }

        /** Any order of the store at least this old (a WISMO question may be asked of any). */
        private SoakTraffic.Order any(String store, long minAgeMillis) {
            long now = System.currentTimeMillis();
            synchronized (traffic.orders) {
                for (int i = traffic.orders.size() - 1; i >= 0; i--) {
                    SoakTraffic.Order order = traffic.orders.get(i);
                    if (order.store.equals(store) && now - order.placedAtMillis >= minAgeMillis) {
                        return order;
                    }
                }
            }
            return null;
        }

        /** An untaken order of the store whose payment the sandbox Stripe shows captured; null when none yet. */
        private SoakTraffic.Order captured(String store) throws SQLException {
            long now = System.currentTimeMillis();
            List<SoakTraffic.Order> candidates = new ArrayList<>();
            synchronized (traffic.orders) {
                // Oldest first: under load WF01 captures minutes after the order, so the newest are rarely captured
                // yet.
                for (int i = 0; i < traffic.orders.size() && candidates.size() < 20; i++) {
                    SoakTraffic.Order order = traffic.orders.get(i);
                    if (order.store.equals(store) && now - order.placedAtMillis >= 20_000 && !order.taken.get()) {
                        candidates.add(order);
                    }
                }
            }
            return database.inStore(store, connection -> {
                try (PreparedStatement query = connection.prepareStatement("select body from sandbox_objects"
                        + " where tenant_id = ? and kind = 'stripe.payment_intent' and object_id = ?")) {
                    for (SoakTraffic.Order order : candidates) {
                        query.setString(1, order.store);
                        query.setString(2, order.paymentIntentId);
                        try (ResultSet rows = query.executeQuery()) {
                            if (rows.next()
                                    && rows.getString(1).contains("\"status\":\"succeeded\"")
                                    && order.taken.compareAndSet(false, true)) {
                                return order;
                            }
                        }
                    }
                }
                return null;
            });
        }

        /** SIGKILL the first node, start it again a few seconds later (sending goes on to the other node). */
        private void killAndRestart(long atEvent) {
            SoakCluster.Node node = cluster.nodes().get(0);
            Map<String, Object> kill = new LinkedHashMap<>();
            kill.put("node", node.id);
            kill.put("atEvent", atEvent);
            kill.put("eventsSentBefore", traffic.total(traffic.sent));
            kill.put("at", Instant.now().toString());
            try {
                cluster.kill(node);
                System.out.printf("soak: %s killed (SIGKILL) at event %d%n", node.id, atEvent);
                Thread.sleep(5000);
                long restarting = System.nanoTime();
                cluster.start(node);
                kill.put("restartedAfterSeconds", 5 + (System.nanoTime() - restarting) / 1e9);
                System.out.printf(
                        "soak: %s started again (healthy %.1f s after its start)%n",
                        node.id, node.app.secondsToHealthy());
            } catch (Exception e) {
                failure = "could not restart " + node.id + " after killing it: " + e;
                kill.put("error", e.toString());
            }
            synchronized (kills) {
                kills.add(kill);
            }
        }

        /** A closeout per store at the end: each reconciles its store (finds lost shipments, among others). */
        void closeEveryStore() throws InterruptedException {
            for (String store : cluster.stores()) {
                closeout(store);
            }
        }

        /**
         * Waits until nothing is left to do but what waits for a person: no event stored and not yet handled, no job
         * due (or due within 90 s: an engine retry), no run active without a user task or an incident (an operator's),
         * no approval undecided.
         */
        Map<String, Object> settle() throws Exception {
            long started = System.nanoTime();
            long deadline = started + settings.settle().toNanos();
            Map<String, Long> state = Map.of();
            int quiet = 0;
            while (System.nanoTime() < deadline) {
                try {
                    state = pending();
                } catch (SQLException e) {
                    // The database is shared and busy (connection slots): a reading missed is tried again.
                    System.out.printf("soak: settling: cannot read the database (%s); again shortly%n", e.getMessage());
                    quiet = 0;
                    Thread.sleep(5000);
                    continue;
                }
                boolean settled = state.get("eventsNotHandled") == 0
                        && state.get("jobsDueWithin90s") == 0
                        && state.get("runsNotWaitingForAPerson") == 0
                        && state.get("approvalTasksOpen") == 0;
                quiet = settled ? quiet + 1 : 0;
                if (quiet >= 3) {
                    break;
                }
                System.out.printf("soak: settling (%.0f s): %s%n", (System.nanoTime() - started) / 1e9, state);
                Thread.sleep(5000);
            }
            Map<String, Object> settle = new LinkedHashMap<>();
            settle.put("settled", quiet >= 3);
            settle.put("seconds", (System.nanoTime() - started) / 1e9);
            settle.put("limit", settings.settle().toString());
            settle.put("left", state);
            return settle;
        }

        private Map<String, Long> pending() throws SQLException {
            Map<String, Long> state = new LinkedHashMap<>();
            try (Connection owner = people.owner();
                    Statement statement = owner.createStatement()) {
                long notHandled = 0;
                for (String store : cluster.stores()) {
                    notHandled += database.inStore(store, connection -> {
                        try (Statement inStore = connection.createStatement()) {
                            return count(
                                    inStore, "select count(*) from event_store where status in ('RECEIVED', 'HELD')");
                        }
                    });
                }
                state.put("eventsNotHandled", notHandled);
                state.put(
                        "jobsDueWithin90s",
                        count(
                                statement,
                                "select count(*) from act_ru_job where retries_ > 0"
                                        + " and suspension_state_ = 1"
                                        + " and (duedate_ is null or duedate_ < current_timestamp + interval '90 seconds')"));
                state.put(
                        "runsNotWaitingForAPerson",
                        count(
                                statement,
                                "select count(*) from act_ru_execution e"
                                        + " where e.parent_id_ is null and e.id_ = e.proc_inst_id_"
                                        + " and not exists (select 1 from act_ru_task t where t.proc_inst_id_ = e.id_)"
                                        // An incident waits for an operator; SOAK-INV-03 reports it.
                                        + " and not exists (select 1 from act_ru_incident i"
                                        + " where i.proc_inst_id_ = e.id_)"));
                state.put("approvalTasksOpen", (long) people.openApprovals());
                state.put("incidents", count(statement, "select count(*) from act_ru_incident"));
            }
            return state;
        }

        Map<String, Object> sending(long events) {
            double seconds = (sendEnded - sendStarted) / 1e9;
            Map<String, Object> sending = new LinkedHashMap<>();
            sending.put("seconds", seconds);
            sending.put("eventsPerSecond", seconds > 0 ? events / seconds : 0);
            sending.put("kills", kills);
            sending.put("flowsFallenBackToAnOrder", fallbacks.get());
            sending.put("holdsNotPossible", holdsNotPossible.get());
            return sending;
        }

        Map<String, Object> faults() {
            Map<String, Object> faults = new LinkedHashMap<>();
            faults.put("duplicatedDeliveries", duplicates.get());
            faults.put("outOfOrderDeliveries", outOfOrder.get());
            faults.put("nodeKills", kills.size());
            Map<String, Map<String, Long>> injected = new java.util.TreeMap<>();
            for (SoakCluster.Node node : cluster.nodes()) {
                List<Map<String, Object>> readings = new ArrayList<>(node.faultsOfEarlierIncarnations);
                readings.add(node.lastFaults);
                for (Map<String, Object> reading : readings) {
                    if (!(reading.get("injected") instanceof Map<?, ?> byProvider)) {
                        continue;
                    }
                    byProvider.forEach((provider, kinds) -> {
                        if (kinds instanceof Map<?, ?> byKind) {
                            byKind.forEach((kind, n) -> injected.computeIfAbsent(
                                            String.valueOf(provider), p -> new java.util.TreeMap<>())
                                    .merge(String.valueOf(kind), ((Number) n).longValue(), Long::sum));
                        }
                    });
                }
            }
            faults.put("injectedBySandboxes", injected);
            faults.put(
                    "injectedNote",
                    "counted by each node's sandbox (GET /sandbox/faults), read every 5 s and just before a kill;"
                            + " faults a killed node injected after its last reading are not counted");
            return faults;
        }
    }

    interface Reading<T> {
        T read() throws SQLException;
    }

    /** A reading of the shared database, tried again a few times when it has no connection slot free. */
    static <T> T retried(Reading<T> reading) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return reading.read();
            } catch (SQLException e) {
                if (attempt >= 10) {
                    throw e;
                }
                Thread.sleep(3000);
            }
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The mix of flows, by share of the events. */
    enum Flow {
        ORDER(0.60, true),
        DECLINED(0.07, true),
        REFUND(0.09, false),
        CANCEL(0.07, false),
        WISMO(0.09, false),
        HOLD(0.08, false);

        final double share;
        final boolean webhook;

        Flow(double share, boolean webhook) {
            this.share = share;
            this.webhook = webhook;
        }

        static Flow pick(double draw) {
            double sum = 0;
            for (Flow flow : values()) {
                sum += flow.share;
                if (draw < sum) {
                    return flow;
                }
            }
            return ORDER;
        }
    }

    private static List<Map<String, Object>> nodes(SoakCluster cluster) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (SoakCluster.Node node : cluster.nodes()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("node", node.id);
            n.put("port", node.port);
            n.put("starts", node.starts);
            n.put("secondsToHealthy", node.secondsToHealthy);
            n.put("peakRssMiB", Math.round(node.peakRssMebibytes));
            n.put("cpuSeconds", Math.round((node.cpuSecondsBefore + node.lastCpuSeconds) * 10) / 10.0);
            n.put("logs", node.logs.stream().map(Path::toString).toList());
            nodes.add(n);
        }
        return nodes;
    }

    private static String healthyTimes(SoakCluster cluster) {
        StringBuilder text = new StringBuilder();
        for (SoakCluster.Node node : cluster.nodes()) {
            text.append(text.isEmpty() ? "" : ", ")
                    .append(node.id)
                    .append(node.app == null ? " (external)" : String.format(" %.1f s", node.app.secondsToHealthy()));
        }
        return text.toString();
    }

    private static List<String> allSecrets(List<String> stores) {
        List<String> secrets = new ArrayList<>();
        for (String store : stores) {
            secrets.addAll(SoakCluster.secrets(store).values());
        }
        secrets.add(AppNode.ADMIN_PASSWORD);
        secrets.add(SoakTraffic.APPROVER_PASSWORD);
        return secrets;
    }

    private static List<String> list(String property) {
        String value = System.getProperty(property, "").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
    }

    private static String required(String property) {
        String value = System.getProperty(property, "").trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("-D" + property + " is needed against a staging deployment");
        }
        return value;
    }

    /** The knobs given on the command line, so that the report's command reproduces the run. */
    private static String knobsGiven() {
        StringBuilder knobs = new StringBuilder();
        for (String name : List.of(
                "soak.events",
                "soak.duration",
                "soak.stores",
                "soak.rate",
                "soak.faults",
                "soak.settle",
                "soak.seed",
                "soak.senders",
                "soak.targets",
                "soak.storeNames")) {
            String value = System.getProperty(name);
            if (value != null) {
                knobs.append(" -D").append(name).append('=').append(value.contains(",") ? "'" + value + "'" : value);
            }
        }
        return knobs.toString();
    }
}
