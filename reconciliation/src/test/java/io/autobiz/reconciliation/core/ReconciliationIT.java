package io.autobiz.reconciliation.core;

import static io.autobiz.kernel.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.Fixtures.CountingTool;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.reconciliation.core.LocalTruth.Kind;
import io.autobiz.reconciliation.core.LocalTruth.LocalRecord;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation on PostgreSQL under row-level security, reading provider truth through the real kernel pipeline from
 * stub tools registered under the provider read tools' names.
 */
@IntegrationInternal
class ReconciliationIT {

    private static final String CONFIG = """
            tenant: %s
            approvers: %s-approvers
            tools: [stripe.payment.get, shopify.order.get, printful.order.get]
            permissions:
              - principal: workflow:daily-closeout
                tools: [stripe.payment.get, shopify.order.get, printful.order.get]
                scopes: [payments:read, orders:read, fulfilment:read]
            bounds:
              maxSteps: 1000
              maxTime: PT1H
              maxTokens: 10
              maxToolCalls: 1000
              maxMoneyAtRisk: 0
            budgets:
              maxMoneyAtRiskPerDay: 0
            """;

    private static TestDatabase database;
    private static TenantJdbc jdbc;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** What each provider currently says, by object ID. */
    private final Map<String, ObjectNode> providerTruth = new ConcurrentHashMap<>();

    private TenantId tenant;
    private InMemoryLocalTruth local;
    private Reconciliation reconciliation;
    private CountingTool stripeRead;
    private KernelExecutor repairKernel;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
        jdbc = new TenantJdbc(database.appDataSource());
    }

    @BeforeEach
    void setUp() {
        tenant = TenantId.of("r" + UUID.randomUUID().toString().substring(0, 8));
        stripeRead = reader("stripe.payment.get", "stripe", "payments:read");
        KernelExecutor kernel = Fixtures.aKernel(
                        new ToolRegistry(
                                List.of(
                                        stripeRead,
                                        reader("shopify.order.get", "shopify", "orders:read"),
                                        reader("printful.order.get", "printful", "fulfilment:read")),
                                new SchemaValidator()),
                        Fixtures.configFor(tenant.value(), CONFIG.formatted(tenant.value(), tenant.value())),
                        meters,
                        Clock.systemUTC())
                .build();
        local = new InMemoryLocalTruth();
        reconciliation = new Reconciliation(jdbc, local, kernel, meters, Clock.systemUTC());
    }

    private CountingTool reader(String name, String dependency, String scope) {
        ToolContract contract = ToolContract.builder(name, 1)
                .description("read " + name + " (test stub)")
                .input(json("""
                        {"type":"object","additionalProperties":false,"required":["id"],
                         "properties":{"id":{"type":"string"}}}"""))
                .output(json("""
                        {"type":"object","additionalProperties":false,
                         "properties":{"status":{"type":"string"},"tracking":{"type":"string"},
                                       "displayFulfillmentStatus":{"type":"string"},
                                       "amount":{"type":"integer"},"amount_received":{"type":"integer"}}}"""))
                .sideEffect(SideEffect.READ)
                .scope(scope)
                .timeout(Duration.ofSeconds(2))
                .dependency(dependency)
                .build();
        return new CountingTool(contract, invocation -> {
            String id = invocation.input().get("id").asText();
            ObjectNode truth = providerTruth.get(id);
            if (truth == null) {
                throw KernelError.of(ErrorCode.PROVIDER_UNAVAILABLE, "HTTP 503");
            }
            return truth.deepCopy();
        });
    }

    private RunContext closeout() {
        return new RunContext(
                tenant, "closeout-" + UUID.randomUUID(), "corr", "workflow:daily-closeout", "daily-closeout");
    }

    @Test
    @DisplayName(
            "P1-T39 P1-T-RK07b non-financial drift (a fulfilment shipped at the provider, in production locally) is"
                    + " detected, recorded, repaired automatically and audited")
    void nonFinancialDriftIsRepairedAutomatically() {
        providerTruth.put("pf_1", (ObjectNode) json("{\"status\":\"fulfilled\",\"tracking\":\"1Z999\"}"));
        local.add(Kind.FULFILMENT, "fulfilment", "pf_1", "printful.order.get@1", Map.of("/status", "inprocess"));

        Reconciliation.Report report = reconciliation.run(closeout());

        assertThat(report.checked()).isEqualTo(1);
        assertThat(report.drifts()).singleElement().satisfies(d -> {
            assertThat(d.financial()).isFalse();
            assertThat(d.localValue()).isEqualTo("inprocess");
            assertThat(d.providerValue()).isEqualTo("fulfilled");
        });
        assertThat(local.repaired)
                .singleElement()
                .satisfies(d -> assertThat(d.field()).isEqualTo("/status"));
        assertThat(reconciliation.list(tenant, EnumSet.allOf(Status.class)))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.status()).isEqualTo(Status.REPAIRED);
                    assertThat(row.decidedBy()).isEqualTo(Reconciliation.AUTOMATIC);
                    assertThat(row.resolution()).contains("inprocess", "fulfilled");
                    assertThat(row.driftKind()).isEqualTo("STATE_DRIFT");
                });
        assertThat(reconciliation.takeUpForApproval(tenant, "closeout-1")).isEmpty();

        assertThat(reconciliation.run(closeout()).drifts())
                .as("repaired: nothing left")
                .isEmpty();
    }

    @Test
    @DisplayName("SOAK-INV-08 an automatic repair that failed on a transient fault is tried again by the next pass,"
            + " on the same row, until it is repaired")
    void failedRepairIsRetriedByTheNextPass() {
        providerTruth.put("pf_2", (ObjectNode) json("{\"status\":\"fulfilled\",\"tracking\":\"1Z998\"}"));
        local.add(Kind.FULFILMENT, "fulfilment", "pf_2", "printful.order.get@1", Map.of("/status", "inprocess"));
        local.failingRepairs.set(2);

        Drift drift = reconciliation.run(closeout()).drifts().get(0);
        assertThat(reconciliation
                        .find(tenant, drift.reconciliationId())
                        .orElseThrow()
                        .status())
                .isEqualTo(Status.REPAIR_FAILED);
        reconciliation.run(closeout());
        assertThat(reconciliation
                        .find(tenant, drift.reconciliationId())
                        .orElseThrow()
                        .resolution())
                .startsWith("repair failed again");
        reconciliation.run(closeout());

        assertThat(reconciliation.list(tenant, EnumSet.allOf(Status.class)))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.reconciliationId()).isEqualTo(drift.reconciliationId());
                    assertThat(row.status()).isEqualTo(Status.REPAIRED);
                    assertThat(row.decidedBy()).isEqualTo(Reconciliation.AUTOMATIC);
                    assertThat(row.resolution()).contains("repaired on a later pass");
                });
        assertThat(local.repaired).hasSize(1);
    }

    @Test
    @DisplayName("SOAK-INV-08 a financial drift no closeout took up yet is dismissed when read again without drift (a"
            + " refund seen at Stripe before its receipt was written); one taken up by a closeout stays with it")
    void financialDriftThatWentAwayIsDismissed() {
        providerTruth.put("re_2", (ObjectNode) json("{\"amount\":500}"));
        providerTruth.put("re_3", (ObjectNode) json("{\"amount\":500}"));
        local.add(Kind.REFUND, "refund", "re_2", "stripe.payment.get@1", Map.of("/amount", "0"));
        local.add(Kind.REFUND, "refund", "re_3", "stripe.payment.get@1", Map.of("/amount", "0"));
        List<Drift> drifts = reconciliation.run(closeout()).drifts();
        assertThat(drifts).hasSize(2).allMatch(Drift::financial);
        Drift inFlight = drifts.stream()
                .filter(d -> d.entityId().localId().equals("re_2"))
                .findFirst()
                .orElseThrow();
        Drift takenUp = drifts.stream()
                .filter(d -> d.entityId().localId().equals("re_3"))
                .findFirst()
                .orElseThrow();
        assertThat(reconciliation.run(closeout()).drifts())
                .as("still drifting: nothing new")
                .isEmpty();
        assertThat(reconciliation
                        .find(tenant, inFlight.reconciliationId())
                        .orElseThrow()
                        .status())
                .isEqualTo(Status.AWAITING_APPROVAL);
        jdbc.inTransaction(tenant, connection -> {
            try (var update = connection.prepareStatement(
                    "update reconciliation set approval_ref = 'closeout-9' where reconciliation_id = ?")) {
                update.setString(1, takenUp.reconciliationId());
                update.executeUpdate();
            }
            return null;
        });

        local.records.clear(); // the refunds' receipts are written now: local agrees with Stripe
        local.add(Kind.REFUND, "refund", "re_2", "stripe.payment.get@1", Map.of("/amount", "500"));
        local.add(Kind.REFUND, "refund", "re_3", "stripe.payment.get@1", Map.of("/amount", "500"));
        reconciliation.run(closeout());

        ReconciliationRow gone =
                reconciliation.find(tenant, inFlight.reconciliationId()).orElseThrow();
        assertThat(gone.status()).isEqualTo(Status.DISMISSED);
        assertThat(gone.decidedBy()).isEqualTo(Reconciliation.AUTOMATIC);
        assertThat(gone.resolution()).contains("no drift any more");
        assertThat(reconciliation
                        .find(tenant, takenUp.reconciliationId())
                        .orElseThrow()
                        .status())
                .as("a closeout's approval owns it")
                .isEqualTo(Status.AWAITING_APPROVAL);
    }

    @Test
    @DisplayName(
            "P1-T40 financial drift (captured amount) awaits an approval, is never repaired by the reconciliation, is"
                    + " taken up by one closeout only, and is recorded as repaired with the approver")
    void financialDriftWaitsForApproval() {
        providerTruth.put("pi_1", (ObjectNode) json("{\"status\":\"succeeded\",\"amount_received\":3000}"));
        local.add(
                Kind.PAYMENT,
                "payment",
                "pi_1",
                "stripe.payment.get@1",
                Map.of("/status", "succeeded", "/amount_received", "2500"));

        Reconciliation.Report report = reconciliation.run(closeout());

        Drift drift = report.drifts().get(0);
        assertThat(drift.financial()).isTrue();
        assertThat(local.repaired).as("never repaired by the reconciliation").isEmpty();
        ReconciliationRow row =
                reconciliation.find(tenant, drift.reconciliationId()).orElseThrow();
        assertThat(row.status()).isEqualTo(Status.AWAITING_APPROVAL);
        assertThat(row.approvalRef()).isNull();
        assertThat(reconciliation.run(closeout()).drifts())
                .as("an open drift is not recorded twice")
                .isEmpty();

        List<Reconciliation.PendingApproval> taken = reconciliation.takeUpForApproval(tenant, "closeout-1");
        assertThat(taken).singleElement().satisfies(pending -> {
            assertThat(pending.row().approvalRef()).isEqualTo("closeout-1");
            assertThat(pending.repair())
                    .get()
                    .satisfies(repair ->
                            assertThat(repair.input().get("amount").asLong()).isEqualTo(500));
        });
        assertThat(reconciliation.takeUpForApproval(tenant, "closeout-2"))
                .as("a second closeout does not ask again")
                .isEmpty();

        ReconciliationRow repaired = reconciliation.recordRepairedAfterApproval(
                tenant, drift.reconciliationId(), "alice@acme", "refund re_1");

        assertThat(repaired.status()).isEqualTo(Status.REPAIRED);
        assertThat(repaired.decidedBy()).isEqualTo("alice@acme");
        assertThat(repaired.resolution()).contains("refund re_1", "2500", "3000");
        assertThatThrownBy(() -> reconciliation.recordDenied(tenant, drift.reconciliationId(), "bob@acme", "late"))
                .as("decided once")
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("REPAIRED");
    }

    @Test
    @DisplayName(
            "P1-T40 a denied financial repair leaves everything alone and records who denied it; a timed-out one is"
                    + " recorded as such and found again; deciding a non-financial drift is refused")
    void deniedFinancialDriftIsNotRepaired() {
        providerTruth.put("re_1", (ObjectNode) json("{\"amount\":500}"));
        providerTruth.put("o_1", (ObjectNode) json("{\"displayFulfillmentStatus\":\"FULFILLED\"}"));
        local.add(Kind.REFUND, "refund", "re_1", "stripe.payment.get@1", Map.of("/amount", "700"));
        local.add(
                Kind.ORDER, "order", "o_1", "shopify.order.get@1", Map.of("/displayFulfillmentStatus", "UNFULFILLED"));

        List<Drift> drifts = reconciliation.run(closeout()).drifts();
        Drift refund = drifts.stream().filter(Drift::financial).findFirst().orElseThrow();
        Drift order = drifts.stream().filter(d -> !d.financial()).findFirst().orElseThrow();

        ReconciliationRow denied =
                reconciliation.recordDenied(tenant, refund.reconciliationId(), "bob@acme", "refund is right");

        assertThat(denied.status()).isEqualTo(Status.DISMISSED);
        assertThat(denied.decidedBy()).isEqualTo("bob@acme");
        assertThat(local.repaired).extracting(Drift::kind).containsExactly(Kind.ORDER);
        assertThatThrownBy(() ->
                        reconciliation.recordRepairedAfterApproval(tenant, order.reconciliationId(), "alice@acme", "x"))
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("not financial");
        assertThatThrownBy(() -> reconciliation.recordDenied(TenantId.of("other"), refund.reconciliationId(), "a", "b"))
                .as("another store does not see the row")
                .isInstanceOf(ReconciliationException.class);

        Drift again = reconciliation.run(closeout()).drifts().get(0);
        assertThat(reconciliation
                        .recordApprovalTimedOut(tenant, again.reconciliationId())
                        .status())
                .isEqualTo(Status.APPROVAL_TIMED_OUT);
        assertThat(reconciliation.run(closeout()).drifts())
                .as("a timed-out approval repaired nothing: the drift is raised again")
                .hasSize(1);
    }

    @Test
    @DisplayName("P1-T39 a provider that cannot be read is reported, not mistaken for drift; agreeing"
            + " records produce no rows")
    void unreadableProviderIsNotDrift() {
        providerTruth.put("pi_ok", (ObjectNode) json("{\"amount_received\":1000}"));
        local.add(Kind.PAYMENT, "payment", "pi_ok", "stripe.payment.get@1", Map.of("/amount_received", "1000"));
        local.add(Kind.PAYMENT, "payment", "pi_down", "stripe.payment.get@1", Map.of("/amount_received", "1000"));

        Reconciliation.Report report = reconciliation.run(closeout());

        assertThat(report.drifts()).isEmpty();
        assertThat(report.unreadable()).singleElement().asString().contains("pi_down", "PROVIDER_UNAVAILABLE");
        assertThat(reconciliation.list(tenant, EnumSet.allOf(Status.class))).isEmpty();
        assertThat(stripeRead.invocations).hasValue(2);
    }

    @Test
    @DisplayName("P1-T27 a closeout reads only what changed after where the last one got to, once per provider call,"
            + " at most its reads (oldest first), and carries the rest over; the next one continues from there")
    void closeoutReadsWhatIsOpenOnceWithinItsReads() {
        for (int i = 1; i <= 5; i++) {
            String id = "pi_" + i;
            providerTruth.put(id, (ObjectNode) json("{\"amount_received\":1000,\"amount\":0}"));
            // A payment and its refunds are answered by the same read.
            local.add(Kind.PAYMENT, "payment", id, "stripe.payment.get@1", Map.of("/amount_received", "1000"), i * 10L);
            local.add(Kind.REFUND, "refund", id, "stripe.payment.get@1", Map.of("/amount", "0"), i * 10L);
        }

        Reconciliation.Report first = reconciliation.run(closeout(), 10, 2);

        assertThat(stripeRead.invocations)
                .as("pi_2 and pi_3: pi_1 was closed before")
                .hasValue(2);
        assertThat(first.checked()).isEqualTo(4);
        assertThat(first.reads()).isEqualTo(2);
        assertThat(first.carriedOver()).isEqualTo(2);
        assertThat(first.reconciledThrough()).isEqualTo(30);

        Reconciliation.Report next = reconciliation.run(closeout(), first.reconciledThrough(), 2);

        assertThat(stripeRead.invocations).as("pi_4 and pi_5").hasValue(4);
        assertThat(next.carriedOver()).isZero();
        assertThat(next.reconciledThrough()).isEqualTo(50);
        assertThat(next.drifts()).isEmpty();
        assertThatThrownBy(() -> reconciliation.run(closeout(), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("SOAK-INV-01 P1-T27 a pass over more drift than one batch stays within its run's tool calls: it reads"
            + " and repairs at most its batch, carries the rest over, and repairs everything over several passes")
    void passOverABacklogStaysWithinItsBounds() {
        reconciliation = boundedDetector(6);
        for (int i = 1; i <= 8; i++) {
            String id = "pf_b" + i;
            providerTruth.put(id, (ObjectNode) json("{\"status\":\"fulfilled\",\"tracking\":\"1Z" + i + "\"}"));
            local.add(Kind.FULFILMENT, "fulfilment", id, "printful.order.get@1", Map.of("/status", "inprocess"), i);
        }
        local.repairsCallTheKernel = true;

        long through = 0;
        int passes = 0;
        Reconciliation.Report report;
        do {
            // A fresh run each pass, as the schedule makes: 4 reads and 2 repairs (one call each) fit its 6 calls.
            report = reconciliation.run(closeout(), through, 4, 2);
            assertThat(report.unreadable()).as("no read refused by a bound").isEmpty();
            through = report.reconciledThrough();
            passes++;
        } while (report.carriedOver() > 0 && passes < 10);

        assertThat(passes).as("more drift than one batch: several passes").isGreaterThan(2);
        assertThat(meters.find("bound_violation_total").counters())
                .as("no pass was terminated by a bound")
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(reconciliation.list(tenant, EnumSet.allOf(Status.class)))
                .hasSize(8)
                .allSatisfy(row -> assertThat(row.status()).isEqualTo(Status.REPAIRED));
        assertThat(local.repaired).hasSize(8);
        assertThat(through).isEqualTo(8);
    }

    @Test
    @DisplayName("P1-T27 records open by nature (runs waiting for their shipment), more than one run reads, are read in"
            + " turn: the same first few never hold up the rest")
    void openRecordsBeyondOneBatchAreReadInTurn() {
        for (int i = 1; i <= 5; i++) {
            String id = "pf_o" + i;
            providerTruth.put(id, (ObjectNode) json("{\"status\":\"" + (i == 5 ? "fulfilled" : "inprocess") + "\"}"));
            local.add(Kind.FULFILMENT, "fulfilment", id, "printful.order.get@1", Map.of("/status", "inprocess"));
        }

        for (int pass = 0; pass < 3; pass++) {
            reconciliation.run(closeout(), 0, 2, 2);
        }

        assertThat(local.repaired)
                .as("the fifth waiting record was read within three runs of two reads")
                .singleElement()
                .satisfies(d -> assertThat(d.entityId().localId()).isEqualTo("pf_o5"));
    }

    /** A reconciliation whose runs may make at most {@code maxToolCalls} tool calls, as the store's bounds say. */
    private Reconciliation boundedDetector(int maxToolCalls) {
        KernelExecutor kernel = Fixtures.aKernel(
                        new ToolRegistry(
                                List.of(
                                        stripeRead,
                                        reader("shopify.order.get", "shopify", "orders:read"),
                                        reader("printful.order.get", "printful", "fulfilment:read")),
                                new SchemaValidator()),
                        Fixtures.configFor(
                                tenant.value(),
                                CONFIG.formatted(tenant.value(), tenant.value())
                                        .replace("maxToolCalls: 1000", "maxToolCalls: " + maxToolCalls)),
                        meters,
                        Clock.systemUTC())
                .build();
        repairKernel = kernel;
        return new Reconciliation(jdbc, local, kernel, meters, Clock.systemUTC());
    }

    /** Local truth in memory; remembers each repair it was asked to make. */
    final class InMemoryLocalTruth implements LocalTruth {
        final List<LocalRecord> records = new ArrayList<>();
        final List<Drift> repaired = new CopyOnWriteArrayList<>();

        void add(Kind kind, String entityKind, String id, String tool, Map<String, String> expected) {
            add(kind, entityKind, id, tool, expected, 0);
        }

        void add(Kind kind, String entityKind, String id, String tool, Map<String, String> expected, long position) {
            records.add(new LocalRecord(
                    kind,
                    EntityId.of(tenant, entityKind, id),
                    ToolRef.parse(tool),
                    Json.object().put("id", id),
                    expected,
                    position));
        }

        @Override
        public List<LocalRecord> recordsToCheck(TenantId store) {
            return store.equals(tenant) ? List.copyOf(records) : List.of();
        }

        /** How many of the next repairs fail, as on a provider's transient 5xx. */
        final java.util.concurrent.atomic.AtomicInteger failingRepairs =
                new java.util.concurrent.atomic.AtomicInteger();

        /** Whether a repair makes a provider call through the kernel, charged to the pass's run like a real one. */
        boolean repairsCallTheKernel;

        @Override
        public String repair(RunContext run, Drift drift) {
            if (repairsCallTheKernel) {
                repairKernel.execute(
                        run,
                        new io.autobiz.kernel.ToolCall(
                                ToolRef.parse("shopify.order.get@1"),
                                Json.object().put("id", drift.entityId().localId())));
            }
            if (failingRepairs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("PROVIDER_UNAVAILABLE: shopify answered HTTP 503");
            }
            repaired.add(drift);
            records.removeIf(
                    r -> r.entityId().equals(drift.entityId()) && r.expected().containsKey(drift.field()));
            return "repaired in memory";
        }

        /** An over-capture is refunded; anything else has no known repair. */
        @Override
        public Optional<FinancialRepair> financialRepair(Drift drift) {
            if (!drift.field().equals("/amount_received")) {
                return Optional.empty();
            }
            long over = Long.parseLong(drift.providerValue()) - Long.parseLong(drift.localValue());
            return Optional.of(new FinancialRepair(
                    ToolRef.parse("stripe.refund.create@1"),
                    Json.object()
                            .put("paymentIntentId", drift.entityId().localId())
                            .put("amount", over),
                    "USD",
                    "over-capture"));
        }
    }
}
