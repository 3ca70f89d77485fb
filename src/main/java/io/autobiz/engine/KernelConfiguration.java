package io.autobiz.engine;

import io.autobiz.businessconfig.BusinessConfigProperties;
import io.autobiz.businessconfig.DeployedProcesses;
import io.autobiz.delegates.FulfilmentCheckDelegate;
import io.autobiz.delegates.ToolTaskDelegate;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.bounds.RunLedger;
import io.autobiz.kernel.config.BusinessConfigParser;
import io.autobiz.kernel.config.BusinessConfigValidator;
import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.config.ConfigVersions;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.evidence.EvidencePorts;
import io.autobiz.kernel.hitl.ApprovalRequests;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.hitl.ApproverDirectory;
import io.autobiz.kernel.resilience.CircuitBreakers;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Builds the kernel from plain classes (docs/architecture.md, "The kernel pipeline") and hands it to the engine's
 * delegate.
 */
@Configuration(proxyBeanMethods = false)
public class KernelConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Kernel rows join the engine job's transaction through Spring's transaction-aware proxy, so they commit or roll
     * back with the workflow step (docs/architecture.md, "Transactions"); detached writes use the pool directly.
     * Receipts are linked into their store's chain at that transaction's commit (Spring's transaction synchronization),
     * so the chain's lock is held for the commit only. A row that row-level security refuses becomes a security
     * incident.
     */
    @Bean
    TenantJdbc tenantJdbc(DataSource dataSource, SecurityIncidents incidents) {
        return new TenantJdbc(new TransactionAwareDataSourceProxy(dataSource), dataSource)
                .reportingTo(incidents)
                .committingThrough(new SpringCommitHooks());
    }

    @Bean
    SchemaValidator schemaValidator() {
        return new SchemaValidator();
    }

    @Bean
    ToolRegistry toolRegistry(List<Tool> tools, SchemaValidator validator) {
        return new ToolRegistry(tools, validator);
    }

    @Bean
    Traces traceStore(TenantJdbc jdbc) {
        return Traces.onDatabase(jdbc);
    }

    /** Tool calls run here so the kernel can abort one at its timeout without abandoning the engine's thread. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService kernelToolThreads(KernelProperties properties) {
        int threads = properties.toolThreads();
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory named = runnable -> {
            Thread thread = new Thread(runnable, "kernel-tool-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Bean
    ConfigVersions businessConfigStore(TenantJdbc jdbc, Clock clock) {
        return ConfigVersions.onDatabase(jdbc, clock);
    }

    /** Configs are checked against the tools registered here and the workflows deployed now. */
    @Bean
    BusinessConfigs businessConfigs(
            ConfigVersions store,
            ToolRegistry registry,
            DeployedProcesses processes,
            BusinessConfigProperties properties,
            MeterRegistry meters,
            Clock clock) {
        return new BusinessConfigs(
                store,
                new BusinessConfigParser(),
                new BusinessConfigValidator(),
                registry::contracts,
                processes::latest,
                meters,
                clock,
                properties.refresh());
    }

    /** What each run has spent, shared by every node; the Cockpit plugin's Evidence tab reads it back too. */
    @Bean
    RunLedger runLedger(TenantJdbc jdbc) {
        return RunLedger.onDatabase(jdbc);
    }

    @Bean
    ApprovalRequests approvalStore(TenantJdbc jdbc) {
        return ApprovalRequests.onDatabase(jdbc);
    }

    @Bean
    Approvals approvals(
            ApprovalRequests store,
            ToolRegistry registry,
            BusinessConfigs configs,
            ApproverDirectory approverDirectory,
            MeterRegistry meters,
            Clock clock) {
        return new Approvals(store, registry, configs, approverDirectory, meters, clock);
    }

    /** The kernel assembles its steps from these ports ({@code EvidenceConfiguration} chooses the evidence's). */
    @Bean
    KernelExecutor kernelExecutor(
            ToolRegistry registry,
            BusinessConfigs configs,
            RunLedger runLedger,
            ApprovalRequests approvalStore,
            SecurityIncidents incidents,
            CredentialScoper credentials,
            Traces traces,
            EvidencePorts evidence,
            ExecutorService kernelToolThreads,
            CircuitBreakers breakers,
            MeterRegistry meters,
            Clock clock) {
        return KernelExecutor.builder()
                .registry(registry)
                .configs(configs)
                .runLedger(runLedger)
                .approvalRequests(approvalStore)
                .securityIncidents(incidents)
                .credentials(credentials)
                .traces(traces)
                .evidence(evidence)
                .toolThreads(kernelToolThreads)
                .meters(meters)
                .clock(clock)
                .breakers(breakers)
                .callScope(new JobCallScope())
                .build();
    }

    /**
     * {@code ${toolTask}} in BPMN. Prototype scope: the engine injects the task's {@code tool} field into the instance
     * it resolves, so each resolution needs its own.
     */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    ToolTaskDelegate toolTask(KernelExecutor kernel) {
        return new ToolTaskDelegate(kernel);
    }

    /**
     * {@code ${fulfilmentCheck}} in WF01: whether the order may be fulfilled, from the providers' facts and the
     * engine's history. Stateless, so one instance serves every run.
     */
    @Bean
    FulfilmentCheckDelegate fulfilmentCheck(Approvals approvals) {
        return new FulfilmentCheckDelegate(approvals::approversGroup);
    }
}
