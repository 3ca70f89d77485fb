package io.autobiz.app.reconciliation;

import io.autobiz.app.AutoBizProperties;
import io.autobiz.delegates.ReconciliationDelegate;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.reconciliation.FinancialDriftApprovals;
import io.autobiz.kernel.reconciliation.LocalTruth;
import io.autobiz.kernel.reconciliation.ReconciliationDetector;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReconciliationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    LocalTruth localTruth(TenantJdbc jdbc) {
        return new ReceiptLocalTruth(jdbc);
    }

    /** Until the approval module implements the port, a financial drift is recorded and decided via the admin API. */
    @Bean
    @ConditionalOnMissingBean
    FinancialDriftApprovals financialDriftApprovals() {
        return FinancialDriftApprovals.recordOnly();
    }

    @Bean
    ReconciliationDetector reconciliationDetector(
            TenantJdbc jdbc,
            LocalTruth local,
            KernelExecutor kernel,
            FinancialDriftApprovals approvals,
            MeterRegistry meters,
            Clock clock) {
        return new ReconciliationDetector(jdbc, local, kernel, approvals, meters, clock);
    }

    /** {@code ${reconciliation}}: WF07's reconcile step. */
    @Bean
    ReconciliationDelegate reconciliation(ReconciliationDetector detector) {
        return new ReconciliationDelegate(detector);
    }

    /** Runs the detector for every store at the configured interval (the first run one interval after start). */
    @Bean
    SmartLifecycle reconciliationSchedule(
            ReconciliationDetector detector, AutoBizProperties stores, ReconciliationProperties properties) {
        return new SmartLifecycle() {
            private ScheduledExecutorService thread;

            @Override
            public synchronized void start() {
                if (!properties.enabled()) {
                    return;
                }
                thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread t = new Thread(runnable, "autobiz-reconciliation");
                    t.setDaemon(true);
                    return t;
                });
                long every = properties.interval().toMillis();
                thread.scheduleWithFixedDelay(this::runAll, every, every, TimeUnit.MILLISECONDS);
            }

            private void runAll() {
                for (String tenant : stores.tenants().keySet()) {
                    String run = "reconciliation-" + UUID.randomUUID();
                    try {
                        ReconciliationDetector.Report report = detector.run(new RunContext(
                                TenantId.of(tenant), run, run, properties.principal(), "daily-closeout"));
                        log.info(
                                "reconciliation of {}: {} checked, {} drifts, {} unreadable",
                                tenant,
                                report.checked(),
                                report.drifts().size(),
                                report.unreadable().size());
                    } catch (RuntimeException e) {
                        log.warn("reconciliation of {} failed: {}", tenant, e.toString());
                    }
                }
            }

            @Override
            public synchronized void stop() {
                if (thread != null) {
                    thread.shutdownNow();
                    thread = null;
                }
            }

            @Override
            public synchronized boolean isRunning() {
                return thread != null;
            }
        };
    }
}
