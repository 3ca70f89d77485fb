package io.autobiz.golden;

import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.reconciliation.core.LocalTruth;
import io.autobiz.tenancy.TenantProvisioning;
import io.autobiz.webhooks.EventPoller;
import io.autobiz.workflows.CloseoutWorkflows;
import io.autobiz.workflows.FulfilmentWorkflows;
import io.autobiz.workflows.FulfilmentWorkflows.FulfilmentProblem;
import io.autobiz.workflows.OrderCancelWorkflows;
import io.autobiz.workflows.OrderCancelWorkflows.CancelRequest;
import io.autobiz.workflows.PaymentFailureWorkflows;
import io.autobiz.workflows.PaymentFailureWorkflows.FailedPayment;
import io.autobiz.workflows.RefundWorkflows;
import io.autobiz.workflows.RefundWorkflows.RefundRequest;
import io.autobiz.workflows.WismoWorkflows;
import io.autobiz.workflows.WismoWorkflows.WismoRequest;
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
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;

/**
 * Plays one golden case against the running application: prepares the providers ({@link GoldenProviders}: WireMock
 * in the golden ITs, the in-process sandboxes in a golden run started by an administrator), injects the case's faults, sends its
 * stimuli (signed webhooks over HTTP, requests through the services the REST and demo endpoints call, approval
 * decisions as the named approver, clock moves), lets the application settle after each — the event processor drains
 * and every due job runs, as the job executor would run it, with a failed job retried once its retry is due on the
 * engine's clock — and then checks the expectations. Nothing sleeps.
 */
final class GoldenRunner {

    /** The same webhook secrets as the other web ITs: they share one database, where a store's secrets are kept. */
    static final String SHOPIFY_SECRET = "it-fake-shopify-webhook-secret";

    static final String PRINTFUL_SECRET = "it-fake-printful-webhook-secret";

    /** WF07's store: no other case or IT touches it (GoldenApplication). */
    static final String CLOSEOUT_STORE = "nightly";

    /** The customer of every case's order (what Shopify answers about it). */
    static final String CUSTOMER_EMAIL = "ada@example.com";

    /** What must never reach a trace: the customer's address, name and street (INV-04). */
    private static final List<String> PII = List.of(CUSTOMER_EMAIL, "Ada Lovelace", "12 Analytical Row");

    /**
     * The password of the approvers a case's {@code decide} creates in the golden run's own database (the runner
     * completes their tasks as the engine's identity, nobody logs in with it).
     */
    private static final String APPROVER_PASSWORD = "Golden-run-only-Passw0rd!";

    private static final int MAX_ROUNDS = 200;
    private static final String DAILY_CLOSEOUT = "daily-closeout";
    private static final String TIMER_START_EVENT = "timer-start-event";

    private final ProcessEngine engine;
    private final GoldenProviders providers;
    private final EventPoller poller;
    private final MovableClock clock;
    private final Approvals approvals;
    private final JdbcReceipts receipts;
    private final Traces traces;
    private final Services services;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The store and instances of the last run, whose trace a failed run leaves for CI (docs/ci.md). */
    private TenantId lastStore;

    private List<String> lastInstances = List.of();

    /** The clock the application runs on, moved by the runner ({@code advance}, retries). */
    public interface MovableClock {
        Instant instant();

        void advance(Duration by);
    }

    /** The Shopify order of case run {@code n}. */
    public static String orderGid(long n) {
        return "gid://shopify/Order/" + n;
    }

    /** The Stripe payment of case run {@code n}. */
    public static String paymentIntent(long n) {
        return "pi_golden" + n;
    }

    /** The Printful order of case run {@code n}. */
    public static long printfulId(long n) {
        return 800_000_000L + n;
    }

    /** The workflow services the REST and demo endpoints call. */
    public record Services(
            RefundWorkflows refunds,
            OrderCancelWorkflows cancels,
            PaymentFailureWorkflows paymentFailures,
            WismoWorkflows wismo,
            FulfilmentWorkflows fulfilments,
            CloseoutWorkflows closeouts,
            LocalTruth localTruth) {}

    public GoldenRunner(
            ProcessEngine engine,
            GoldenProviders providers,
            EventPoller poller,
            MovableClock clock,
            Approvals approvals,
            JdbcReceipts receipts,
            Traces traces,
            Services services,
            int port) {
        this.engine = engine;
        this.providers = providers;
        this.poller = poller;
        this.clock = clock;
        this.approvals = approvals;
        this.receipts = receipts;
        this.traces = traces;
        this.services = services;
        this.port = port;
    }

    /**
     * Runs {@code golden} with the order number {@code n} (unique to this run) and returns why it failed, or null when
     * every expectation held. Whatever the case leaves running is deleted afterwards, so no timer of it fires in another
     * case.
     */
    public String run(GoldenCase golden, long n) {
        return run(golden, n, List.of());
    }

    /**
     * As {@link #run(GoldenCase, long)}, with {@code extraFaults} injected after the case's own: how a fault profile
     * (GoldenGateIT) breaks chosen runs of a case.
     */
    public String run(GoldenCase golden, long n, List<GoldenCase.Fault> extraFaults) {
        Optional<String> unplayable = providers.cannotPlay(golden, extraFaults);
        if (unplayable.isPresent()) {
            return "not played: " + unplayable.get();
        }
        TenantId store = TenantId.of(golden.store());
        Set<String> before = instanceIds();
        providers.reset();
        clock.advance(Duration.ofMinutes(1));
        ClockUtil.setCurrentTime(Date.from(clock.instant()));
        long receiptsBefore = receipts.chain(store).size();
        // Every store's daily closeout timer (WF07) would start a closeout whenever a case moves the clock past 23:00
        // and
        // reconcile every earlier case's orders against this case's providers: the timers are paused, and WF07's own
        // cases start their store's closeout as the timer would (request kind "closeout").
        List<String> dailyTimers = engine
                .getManagementService()
                .createJobDefinitionQuery()
                .processDefinitionKey(DAILY_CLOSEOUT)
                .jobType(TIMER_START_EVENT)
                .active()
                .list()
                .stream()
                .map(JobDefinition::getId)
                .toList();
        dailyTimers.forEach(id -> engine.getManagementService().suspendJobDefinitionById(id, true));
        try {
            if (golden.workflow().equals("WF07")) {
                earlierOrdersSettled(store);
            }
            providers.prepare(store, n, golden.given());
            List<GoldenCase.Fault> faults = new ArrayList<>(golden.faults());
            faults.addAll(extraFaults);
            for (int i = 0; i < faults.size(); i++) {
                providers.inject(faults.get(i), i);
            }
            for (GoldenCase.Stimulus stimulus : golden.stimuli()) {
                String refused = apply(golden, store, n, stimulus, before);
                if (refused != null) {
                    return refused;
                }
                settle();
            }
            return check(golden, store, caseInstances(golden, before), receiptsBefore);
        } catch (Exception | AssertionError e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            lastStore = store;
            lastInstances = instances(before).stream()
                    .map(HistoricProcessInstance::getId)
                    .toList();
            var runtime = engine.getRuntimeService();
            runtime.createProcessInstanceQuery().list().stream()
                    .filter(instance -> !before.contains(instance.getId()))
                    .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "golden case done"));
            ClockUtil.reset();
            dailyTimers.forEach(id -> engine.getManagementService().activateJobDefinitionById(id, true));
        }
    }

    /**
     * The closeout reconciles everything its store ever did, and every case run resets the providers: so Stripe is
     * made to show, for every payment of the store's earlier runs, exactly what AutoBiz believes (their drifts were
     * settled on those days). What AutoBiz believes is the reconciliation's own local truth, read before this run.
     */
    private void earlierOrdersSettled(TenantId store) {
        Map<String, long[]> payments = new TreeMap<>();
        for (LocalTruth.LocalRecord record : services.localTruth().recordsToCheck(store)) {
            if (record.kind() != LocalTruth.Kind.PAYMENT && record.kind() != LocalTruth.Kind.REFUND) {
                continue;
            }
            long[] truth = payments.computeIfAbsent(
                    record.readInput().get("paymentIntentId").asText(), pi -> new long[2]);
            // The reconciliation's pointers into stripe.payment.get's output (AutoBizLocalTruth).
            String received = record.expected().get("/amountReceived");
            String refunded = record.expected().get("/amountRefunded");
            if (received != null) {
                truth[0] = Long.parseLong(received);
            }
            if (refunded != null) {
                truth[1] = Long.parseLong(refunded);
            }
        }
        payments.forEach((pi, truth) -> providers.settled(store, pi, truth[0], truth[1]));
    }

    /**
     * The kernel's trace of every instance the last run started, as the kernel stored it: redacted at write time, so
     * no customer data (the case's own {@code no_pii_in_traces} checks that too).
     */
    public List<StoredTraceEvent> lastRunTrace() {
        List<StoredTraceEvent> events = new ArrayList<>();
        lastInstances.forEach(instance -> events.addAll(traces.transcript(lastStore, instance)));
        return events;
    }

    // ---- stimuli

    private String apply(GoldenCase golden, TenantId store, long n, GoldenCase.Stimulus stimulus, Set<String> before)
            throws Exception {
        int set = (stimulus.webhook() != null ? 1 : 0)
                + (stimulus.request() != null ? 1 : 0)
                + (stimulus.decide() != null ? 1 : 0)
                + (stimulus.advance() != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a stimulus names exactly one of webhook, request, decide, advance");
        }
        if (stimulus.webhook() != null) {
            return deliver(store, n, stimulus.webhook());
        }
        if (stimulus.request() != null) {
            request(golden, store, n, stimulus.request());
            return null;
        }
        if (stimulus.decide() != null) {
            decide(store, stimulus.decide(), before);
            return null;
        }
        Duration by = Duration.parse(stimulus.advance());
        clock.advance(by);
        ClockUtil.setCurrentTime(Date.from(clock.instant()));
        return null;
    }

    private String deliver(TenantId store, long n, GoldenCase.Webhook webhook) throws Exception {
        if (Boolean.TRUE.equals(webhook.lost())) {
            return null;
        }
        int deliveries = webhook.deliveries() == null ? 1 : webhook.deliveries();
        for (int i = 0; i < deliveries; i++) {
            HttpResponse<String> answer = switch (webhook.provider() + " " + webhook.event()) {
                case "shopify orders/paid" -> shopifyOrderPaid(store, n);
                case "printful shipment_sent" -> printfulShipmentSent(store, n);
                default ->
                    throw new IllegalArgumentException("unknown webhook " + webhook.provider() + " " + webhook.event());
            };
            if (answer.statusCode() != 200) {
                return "webhook " + webhook.event() + " refused: " + answer.statusCode() + " " + answer.body();
            }
        }
        return null;
    }

    private HttpResponse<String> shopifyOrderPaid(TenantId store, long n) throws Exception {
        String body = """
                {"id":%d,"admin_graphql_api_id":"%s","name":"#%d","financial_status":"paid",
                 "note_attributes":[{"name":"stripe_payment_intent","value":"%s"}]}""".formatted(n, orderGid(n), n, paymentIntent(n));
        return post(
                "/webhooks/shopify/" + store.value(),
                body,
                Map.of(
                        "X-Shopify-Hmac-Sha256",
                        Base64.getEncoder().encodeToString(hmacSha256(SHOPIFY_SECRET, body)),
                        "X-Shopify-Webhook-Id",
                        "wh-golden-paid-" + n,
                        "X-Shopify-Topic",
                        "orders/paid",
                        "X-Shopify-Event-Id",
                        "wh-golden-paid-" + n,
                        "X-Shopify-Shop-Domain",
                        store.value() + "-test.myshopify.com"));
    }

    private HttpResponse<String> printfulShipmentSent(TenantId store, long n) throws Exception {
        long printful = printfulId(n);
        String body = """
                {"type":"shipment_sent","created":1764000100,"retries":0,"store_id":4242,
                 "data":{"shipment":{"id":%d,"order_id":%d,"carrier":"USPS","tracking_number":"9400%d",
                   "tracking_url":"https://tools.usps.com/go/TrackConfirmAction?tLabels=9400%d"},
                   "order":{"id":%d,"external_id":"shopify-%d","status":"fulfilled"}}}""".formatted(printful * 10 + 1, printful, n, n, printful, n);
        return post(
                "/webhooks/printful/" + store.value(),
                body,
                Map.of("x-pf-webhook-signature", HexFormat.of().formatHex(hmacSha256(PRINTFUL_SECRET, body))));
    }

    /** The signature Shopify and Printful put on a delivery (base64 and hex of it respectively). */
    private static byte[] hmacSha256(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void request(GoldenCase golden, TenantId store, long n, Map<String, Object> request) {
        String kind = (String) request.get("kind");
        String id = golden.id() + "-" + n;
        String requestedBy = (String) request.getOrDefault("requested_by", "demo");
        String reason = (String) request.getOrDefault("reason", "golden case");
        switch (Objects.requireNonNull(kind, "a request names its kind")) {
            case "refund" ->
                services.refunds()
                        .requestRefund(new RefundRequest(
                                store,
                                id,
                                orderGid(n),
                                paymentIntent(n),
                                ((Number) request.get("amount")).longValue(),
                                "USD",
                                reason,
                                "corr-" + id,
                                requestedBy));
            case "cancel" ->
                services.cancels()
                        .requestCancel(new CancelRequest(
                                store,
                                id,
                                orderGid(n),
                                paymentIntent(n),
                                Boolean.FALSE.equals(request.get("at_printful")) ? null : printfulId(n),
                                reason,
                                "corr-" + id,
                                requestedBy));
            case "payment_failed" ->
                services.paymentFailures()
                        .paymentFailed(new FailedPayment(
                                store,
                                paymentIntent(n),
                                orderGid(n),
                                "card_declined",
                                "Your card was declined.",
                                "corr-" + id));
            case "wismo" ->
                services.wismo()
                        .ask(new WismoRequest(
                                store,
                                id,
                                (String) request.getOrDefault("from", CUSTOMER_EMAIL),
                                ((String) request.getOrDefault("message", "Where is my order #{n}?"))
                                        .replace("{n}", String.valueOf(n)),
                                "corr-" + id));
            case "fulfilment_problem" ->
                services.fulfilments()
                        .reportProblem(new FulfilmentProblem(
                                store,
                                id,
                                printfulId(n),
                                "shopify-" + n,
                                (String) request.getOrDefault("type", "order_put_hold"),
                                reason,
                                "corr-" + id));
            // What the store's daily timer at 23:00 does (and an operator's "close out now").
            case "closeout" -> services.closeouts().closeOutNow(store, "corr-" + id);
            default -> throw new IllegalArgumentException("unknown request kind '" + kind + "'");
        }
    }

    private void decide(TenantId store, GoldenCase.Decision decision, Set<String> before) {
        ensureApprover(store, decision.approver());
        List<Task> open = engine.getTaskService().createTaskQuery().active().list().stream()
                .filter(task -> !before.contains(task.getProcessInstanceId()))
                .filter(task -> decision.task() == null || decision.task().equals(task.getTaskDefinitionKey()))
                .toList();
        if (open.size() != 1) {
            throw new AssertionError("expected one open approval task"
                    + (decision.task() == null ? "" : " " + decision.task()) + ", found "
                    + open.stream().map(Task::getTaskDefinitionKey).toList());
        }
        // As Tasklist completes it: authenticated as the approver, in the store's approvers group.
        var identity = engine.getIdentityService();
        identity.setAuthentication(
                decision.approver(), List.of(TenantProvisioning.approversGroup(store.value())), List.of(store.value()));
        try {
            engine.getTaskService()
                    .complete(
                            open.get(0).getId(),
                            Map.of(
                                    "approved",
                                    !Boolean.FALSE.equals(decision.approve()),
                                    "approvalComment",
                                    decision.comment() == null ? "golden case" : decision.comment()));
        } finally {
            identity.clearAuthentication();
        }
    }

    private void ensureApprover(TenantId store, String approver) {
        var identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(approver).count() == 0) {
            User user = identity.newUser(approver);
            user.setPassword(APPROVER_PASSWORD);
            identity.saveUser(user);
            identity.createMembership(approver, TenantProvisioning.approversGroup(store.value()));
        }
    }

    // ---- settling

    /**
     * Drains events and runs due jobs until nothing is left; a job that failed and waits for its retry is made due by
     * moving the clocks to its retry time (the engine's retry cycle is what decides when). Then a second passes on the
     * processor's clock, so a held event is looked at again.
     */
    void settle() {
        for (int pass = 0; pass < 2; pass++) {
            for (int round = 0; ; round++) {
                if (round == MAX_ROUNDS) {
                    throw new AssertionError("events and jobs did not settle in " + MAX_ROUNDS + " rounds");
                }
                int handled = poller.drainAll();
                List<Job> due = engine.getManagementService()
                        .createJobQuery()
                        .executable()
                        .active()
                        .list();
                for (Job job : due) {
                    try {
                        engine.getManagementService().executeJob(job.getId());
                    } catch (RuntimeException failed) {
                        // The engine has counted the failure and scheduled the retry; a fault may be behind it.
                    }
                }
                if (handled == 0 && due.isEmpty() && !moveToNextRetry()) {
                    break;
                }
            }
            clock.advance(Duration.ofMillis(1100));
            ClockUtil.setCurrentTime(Date.from(clock.instant()));
        }
    }

    private boolean moveToNextRetry() {
        return engine.getManagementService().createJobQuery().withException().active().list().stream()
                .filter(job -> job.getRetries() > 0 && job.getDuedate() != null)
                .map(Job::getDuedate)
                .min(Comparator.naturalOrder())
                .map(due -> {
                    Duration wait = Duration.between(clock.instant(), due.toInstant());
                    clock.advance(wait.isNegative() ? Duration.ZERO : wait.plusSeconds(1));
                    ClockUtil.setCurrentTime(Date.from(clock.instant()));
                    return true;
                })
                .orElse(false);
    }

    // ---- checking

    private Set<String> instanceIds() {
        Set<String> ids = new HashSet<>();
        engine.getHistoryService()
                .createHistoricProcessInstanceQuery()
                .list()
                .forEach(instance -> ids.add(instance.getId()));
        return ids;
    }

    private List<HistoricProcessInstance> instances(Set<String> before) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().list().stream()
                .filter(instance -> !before.contains(instance.getId()))
                .toList();
    }

    /**
     * The instances the case started. WF07's daily timer belongs to the store, not to a case: a case that moves the
     * clock past 23:00 starts a closeout, which only WF07's own cases look at.
     */
    private List<HistoricProcessInstance> caseInstances(GoldenCase golden, Set<String> before) {
        return instances(before).stream()
                .filter(instance -> golden.workflow().equals("WF07")
                        || !"daily-closeout".equals(instance.getProcessDefinitionKey()))
                .toList();
    }

    private String check(
            GoldenCase golden, TenantId store, List<HistoricProcessInstance> started, long receiptsBefore) {
        List<String> problems = new ArrayList<>();
        GoldenCase.Expect expect = golden.expect();

        List<String> expected = expect.instances().stream()
                .map(i -> i.process() + (i.end() != null ? " ended at " + i.end() : " waiting at " + i.waitingAt()))
                .sorted()
                .toList();
        List<String> actual = started.stream().map(this::describe).sorted().toList();
        if (!expected.equals(actual)) {
            problems.add("instances: expected " + expected + ", got " + actual);
        }

        Map<String, Integer> effects = new TreeMap<>();
        for (String effect : GoldenProviders.EFFECTS) {
            int count = providers.count(effect);
            int wanted = expect.effects().getOrDefault(effect, 0);
            if (count != wanted) {
                problems.add("effect " + effect + ": expected " + wanted + ", got " + count);
            }
            effects.put(effect, count);
        }

        List<String> approvalStatuses = approvalStatuses(store, started);
        if (!expect.approvals().stream().sorted().toList().equals(approvalStatuses)) {
            problems.add("approvals: expected " + expect.approvals() + ", got " + approvalStatuses);
        }

        if (expect.receipts() != null) {
            long added = receipts.chain(store).size() - receiptsBefore;
            if (expect.receipts().atLeast() != null && added < expect.receipts().atLeast()) {
                problems.add("receipts: expected at least " + expect.receipts().atLeast() + ", got " + added);
            }
            if (Boolean.TRUE.equals(expect.receipts().chainIntact())
                    && !receipts.verify(store).intact()) {
                problems.add("receipts: the chain does not verify: "
                        + receipts.verify(store).brokenLink());
            }
        }

        for (String invariant : expect.invariants()) {
            switch (invariant) {
                case "no_financial_effect_without_approval" -> {
                    long approved =
                            approvalStatuses.stream().filter("APPROVED"::equals).count();
                    if (effects.get("refunds") > approved) {
                        problems.add("INV-07: " + effects.get("refunds") + " refunds with " + approved + " approvals");
                    }
                }
                case "no_pii_in_traces" -> {
                    for (HistoricProcessInstance instance : started) {
                        for (StoredTraceEvent event : traces.transcript(store, instance.getId())) {
                            String text = event.toString();
                            PII.stream()
                                    .filter(text::contains)
                                    .findFirst()
                                    .ifPresent(pii -> problems.add(
                                            "INV-04: a trace event of " + event.tool() + " carries customer data"));
                        }
                    }
                }
                default -> problems.add("unknown invariant '" + invariant + "'");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems) + " | provider calls: " + providers.journal();
    }

    private String describe(HistoricProcessInstance instance) {
        if (instance.getEndTime() != null) {
            return instance.getProcessDefinitionKey() + " ended at " + instance.getEndActivityId();
        }
        List<String> active = engine.getRuntimeService().getActiveActivityIds(instance.getId());
        return instance.getProcessDefinitionKey() + " waiting at " + String.join(",", active);
    }

    /** Every approval request the instances opened: each value their {@code approvalRequestId} ever had. */
    private List<String> approvalStatuses(TenantId store, List<HistoricProcessInstance> started) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (HistoricProcessInstance instance : started) {
            engine
                    .getHistoryService()
                    .createHistoricDetailQuery()
                    .processInstanceId(instance.getId())
                    .variableUpdates()
                    .list()
                    .stream()
                    .map(HistoricVariableUpdate.class::cast)
                    .filter(update -> "approvalRequestId".equals(update.getVariableName()))
                    .forEach(update -> approvals
                            .find(store, String.valueOf(update.getValue()))
                            .ifPresent(request ->
                                    statuses.put(request.id(), request.status().name())));
        }
        return statuses.values().stream().sorted().toList();
    }
}
