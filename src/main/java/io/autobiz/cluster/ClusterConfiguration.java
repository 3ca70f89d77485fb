package io.autobiz.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires this node's identity and the cluster-wide job lock. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);

    /**
     * The lock rows live in {@code shedlock} (V70). Lock times come from the database's clock, not the nodes', so a
     * node whose clock is off cannot take a lock another node still holds.
     */
    @Bean
    LockProvider clusterLockProvider(DataSource dataSource, ClusterProperties properties) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withLockedByValue(properties.nodeId())
                .usingDbTime()
                .build());
    }

    @Bean
    ClusterJobs clusterJobs(
            LockProvider clusterLockProvider, ClusterProperties properties, Clock clock, MeterRegistry meters) {
        log.info("AutoBiz node {} starting", properties.nodeId());
        Gauge.builder("autobiz_node_info", () -> 1)
                .description("Always 1; its node label names this node (one series per node)")
                .tag("node", properties.nodeId())
                .register(meters);
        return new ClusterJobs(clusterLockProvider, properties, clock, meters);
    }

    /**
     * The engine's host name, written into the job log ({@code ACT_HI_JOB_LOG.HOSTNAME_}) and the metrics it keeps in
     * the database, is the node ID: which node ran which job is readable after the fact.
     */
    @Bean
    ProcessEnginePlugin nodeIdAsEngineHostname(ClusterProperties properties) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setHostname(properties.nodeId());
            }
        };
    }

    /**
     * The job executor's lock owner is the node ID, so a job locked by a node that died is recognisable in
     * {@code ACT_RU_JOB.LOCK_OWNER_} until its lock expires and another node's executor takes it.
     */
    @Bean
    static BeanPostProcessor jobExecutorLockOwner(org.springframework.core.env.Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof JobExecutor executor) {
                    executor.setLockOwner(environment.getRequiredProperty(NodeIdDefault.PROPERTY));
                }
                return bean;
            }
        };
    }
}
