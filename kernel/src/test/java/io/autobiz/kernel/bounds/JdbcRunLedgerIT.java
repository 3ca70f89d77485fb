package io.autobiz.kernel.bounds;

import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The run ledger on PostgreSQL as the application role: persistent, race-free, tenant-scoped. */
@IntegrationInternal
class JdbcRunLedgerIT {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
    }

    private static final String YAML = """
            tenant: %s
            approvers: g
            tools: [test.payment.capture]
            permissions: [{principal: 'workflow:*', tools: ['test.*'], scopes: ['*']}]
            bounds: {maxSteps: %d, maxTime: PT1H, maxTokens: 100, maxToolCalls: 1000, maxMoneyAtRisk: 1000000}
            budgets: {maxMoneyAtRiskPerDay: %d}
            loops: {window: 20, maxIdenticalCalls: 1000, maxSequenceRepeats: 1000}
            """;

    private static BoundsEnforcer enforcer() {
        return new BoundsEnforcer(
                new JdbcRunLedger(new TenantJdbc(database.appDataSource())),
                new LoopDetector(),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    private static RunContext run(String tenant, String id) {
        return new RunContext(TenantId.of(tenant), id, "corr-" + id, "workflow:test", "test");
    }

    private static void charge(BoundsEnforcer bounds, RunContext run, ToolContract tool, int n, ActiveConfig config) {
        ObjectNode args = input("{\"paymentId\":\"pi_" + n + "\",\"amount\":100}");
        bounds.charge(run, tool, args, Fingerprints.of(tool.id(), args), config);
    }

    @Test
    @DisplayName("P1-T05 counters survive a restart: a fresh enforcer and ledger (another node) continue the run")
    void countersPersist() {
        ActiveConfig config = Fixtures.active(YAML.formatted("acme", 3, 1000000));
        RunContext run = run("acme", "persist-1");
        charge(enforcer(), run, aCaptureContract().build(), 0, config);
        charge(enforcer(), run, aCaptureContract().build(), 1, config);
        charge(enforcer(), run, aCaptureContract().build(), 2, config);

        KernelError error = null;
        try {
            charge(enforcer(), run, aCaptureContract().build(), 3, config);
        } catch (KernelError e) {
            error = e;
        }

        assertThat(error).isNotNull();
        assertThat(error.qualifiedCode()).isEqualTo("BOUND_EXCEEDED:max_steps");
        assertThat(new JdbcRunLedger(new TenantJdbc(database.appDataSource()))
                        .find(run)
                        .orElseThrow())
                .satisfies(entry -> {
                    assertThat(entry.steps()).isEqualTo(3);
                    assertThat(entry.terminatedReason()).isEqualTo("max_steps");
                });
    }

    @Test
    @DisplayName("P1-T05 parallel branches of one run cannot exceed max_steps together: exactly the bound passes")
    void parallelChargesRespectTheBound() throws Exception {
        ActiveConfig config = Fixtures.active(YAML.formatted("acme", 10, 1000000));
        RunContext run = run("acme", "parallel-1");
        BoundsEnforcer bounds = enforcer();
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                Callable<Void> call = () -> {
                    try {
                        charge(bounds, run, aCaptureContract().build(), n, config);
                        passed.incrementAndGet();
                    } catch (KernelError e) {
                        if (e.code() == ErrorCode.BOUND_EXCEEDED) {
                            refused.incrementAndGet();
                        } else {
                            throw e;
                        }
                    }
                    return null;
                };
                calls.add(pool.submit(call));
            }
            for (Future<Void> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(passed).hasValue(10);
        assertThat(refused).hasValue(20);
    }

    @Test
    @DisplayName("P1-T03-NEG-max-money-per-day the daily budget holds across parallel runs of one store")
    void dailyBudgetUnderConcurrency() throws Exception {
        ActiveConfig config = Fixtures.active(YAML.formatted("daily", 1000, 1000));
        ToolContract refund = aCaptureContract()
                .sideEffect(SideEffect.FINANCIAL)
                .money("amount")
                .build();
        BoundsEnforcer bounds = enforcer();
        AtomicInteger passed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                RunContext run = run("daily", "run-" + i);
                int n = i;
                calls.add(pool.submit(() -> {
                    try {
                        charge(bounds, run, refund, n, config);
                        passed.incrementAndGet();
                    } catch (KernelError e) {
                        assertThat(e.qualifiedCode()).isEqualTo("BOUND_EXCEEDED:max_money_at_risk_per_day");
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(passed).as("1000 of budget / 100 per call").hasValue(10);
    }

    @Test
    @DisplayName("P1-T31 a run's ledger entry is invisible to another store")
    void ledgerIsTenantScoped() {
        ActiveConfig config = Fixtures.active(YAML.formatted("acme", 10, 1000000));
        charge(enforcer(), run("acme", "scoped-1"), aCaptureContract().build(), 0, config);
        JdbcRunLedger ledger = new JdbcRunLedger(new TenantJdbc(database.appDataSource()));

        assertThat(ledger.find(run("acme", "scoped-1"))).isPresent();
        assertThat(ledger.find(run("globex", "scoped-1"))).isEmpty();
    }
}
