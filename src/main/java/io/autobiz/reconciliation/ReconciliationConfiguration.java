package io.autobiz.reconciliation;

import io.autobiz.approvals.ApprovalProperties;
import io.autobiz.cluster.ClusterJobs;
import io.autobiz.delegates.ReconciliationDelegate;
import io.autobiz.delegates.ReconciliationRepairs;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.config.BusinessConfig;
import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.reconciliation.core.LocalTruth;
import io.autobiz.reconciliation.core.Reconciliation;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.workflows.DailyCloseoutDeployments;
import io.autobiz.workflows.OrderWorkflows;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
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
    LocalTruth localTruth(
            JdbcReceipts receipts,
            KernelExecutor kernel,
            RuntimeService runtime,
            HistoryService history,
            OrderWorkflows orders) {
        return new AutoBizLocalTruth(
                receipts,
                kernel,
                new AwaitingShipments() {
                    @Override
                    public List<Awaiting> of(TenantId tenant) {
                        List<Awaiting> waiting = new ArrayList<>();
                        for (Execution execution : runtime.createExecutionQuery()
                                .messageEventSubscriptionName(WorkflowMessage.SHIPMENT_SENT.messageName())
                                .tenantIdIn(tenant.value())
                                .list()) {
                            String run = execution.getProcessInstanceId();
                            Object printfulOrderId = runtime.getVariable(run, "printfulOrderId");
                            Object orderId = runtime.getVariable(run, "orderId");
                            if (printfulOrderId instanceof Number number && orderId != null) {
                                waiting.add(new Awaiting(number.longValue(), orderId.toString(), run));
                            }
                        }
                        return waiting;
                    }

                    @Override
                    public Optional<String> deliver(
                            TenantId tenant, long printfulOrderId, Map<String, Object> shipment) {
                        return orders.shipmentSent(tenant, printfulOrderId, shipment);
                    }
                },
                new EngineOrdersOfRuns(history));
    }

    @Bean
    Reconciliation reconciliationDetector(
            TenantJdbc jdbc, LocalTruth local, KernelExecutor kernel, MeterRegistry meters, Clock clock) {
        return new Reconciliation(jdbc, local, kernel, meters, clock);
    }

    /**
     * {@code ${reconciliation}}: WF07's reconcile step; the drift report goes to the store's approvals channel. One
     * closeout reads at most half of what its run's bounds allow (the smaller of steps and tool calls) and makes at
     * most a sixth of it in automatic repairs (each up to two calls), so the repairs, the report and the approved
     * refunds that follow still fit in the same run.
     */
    @Bean
    ReconciliationDelegate reconciliation(
            Reconciliation reconciliation, ApprovalProperties approvals, Approvals approvers, BusinessConfigs configs) {
        return new ReconciliationDelegate(
                reconciliation,
                tenant -> Optional.ofNullable(approvals.slack().get(tenant.value()))
                        .map(ApprovalProperties.SlackApprovals::channel)
                        .filter(channel -> !channel.isBlank()),
                approvers::approversGroup,
                tenant -> closeoutReads(closeoutBounds(configs, tenant)),
                tenant -> closeoutRepairs(closeoutBounds(configs, tenant)));
    }

    /** The bounds of the store's closeout runs, which its scheduled passes run under as well; null when none is set. */
    private static BusinessConfig.Bounds closeoutBounds(BusinessConfigs configs, TenantId tenant) {
        return configs.activeFor(tenant)
                .map(active -> active.config().boundsFor(DailyCloseoutDeployments.PROCESS_KEY))
                .orElse(null);
    }

    /** Half of the smaller of a closeout run's steps and tool calls (unbounded when neither is set), at least 1. */
    static int closeoutReads(BusinessConfig.Bounds bounds) {
        return share(bounds, 2);
    }

    /**
     * A sixth of the smaller of a closeout run's steps and tool calls (unbounded when neither is set), at least 1: a
     * repair makes up to two calls (a Printful read and a Shopify update), so repairs take at most a third of the run.
     */
    static int closeoutRepairs(BusinessConfig.Bounds bounds) {
        return share(bounds, 6);
    }

    private static int share(BusinessConfig.Bounds bounds, int divisor) {
        if (bounds == null) {
            return Integer.MAX_VALUE;
        }
        long limit = Math.min(
                bounds.maxSteps() == null ? Long.MAX_VALUE : bounds.maxSteps(),
                bounds.maxToolCalls() == null ? Long.MAX_VALUE : bounds.maxToolCalls());
        return limit == Long.MAX_VALUE
                ? Integer.MAX_VALUE
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit / divisor));
    }

    /** {@code ${reconciliationRepairs}}: WF07's steps around the approval of one financial repair. */
    @Bean
    ReconciliationRepairs reconciliationRepairs(Reconciliation reconciliation, Approvals approvals) {
        return new ReconciliationRepairs(reconciliation, approvals);
    }

    /**
     * Runs the reconciliation for every store at the configured interval (the first run one interval after start), on one
     * node of the cluster per interval: every node's timer fires, the one holding the {@code reconciliation} lock runs.
     * Each pass is a batch sized like a closeout's (its run has the closeout's bounds): it reads on from the position
     * the last pass on this node reached, oldest first, makes at most its repairs, and leaves the rest to the next pass,
     * so that no pass is terminated by its bounds; once a pass got through everything, the next starts over. The
     * position is kept in memory: a node that starts, or takes over, begins from its own last position (0 after a
     * start) and reads again what another node read, which is harmless.
     */
    @Bean
    SmartLifecycle reconciliationSchedule(
            Reconciliation reconciliation,
            TenantProperties stores,
            ReconciliationProperties properties,
            ClusterJobs cluster,
            BusinessConfigs configs) {
        return new SmartLifecycle() {
            private ScheduledExecutorService thread;
            private final Map<String, Long> reconciledThrough = new ConcurrentHashMap<>();

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
                thread.scheduleWithFixedDelay(
                        () -> cluster.runOnce("reconciliation", properties.interval(), this::runAll),
                        every,
                        every,
                        TimeUnit.MILLISECONDS);
            }

            private void runAll() {
                for (String tenant : stores.tenants().keySet()) {
                    String run = "reconciliation-" + UUID.randomUUID();
                    try {
                        BusinessConfig.Bounds bounds = closeoutBounds(configs, TenantId.of(tenant));
                        Reconciliation.Report report = reconciliation.run(
                                new RunContext(TenantId.of(tenant), run, run, properties.principal(), "daily-closeout"),
                                reconciledThrough.getOrDefault(tenant, 0L),
                                closeoutReads(bounds),
                                closeoutRepairs(bounds));
                        // A sweep that got through everything starts over, so that every record is read again in
                        // turn (the provider may change what AutoBiz last saw), one batch per pass.
                        reconciledThrough.put(tenant, report.carriedOver() > 0 ? report.reconciledThrough() : 0L);
                        log.info(
                                "reconciliation of {}: {} checked, {} drifts, {} unreadable, {} carried over",
                                tenant,
                                report.checked(),
                                report.drifts().size(),
                                report.unreadable().size(),
                                report.carriedOver());
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
