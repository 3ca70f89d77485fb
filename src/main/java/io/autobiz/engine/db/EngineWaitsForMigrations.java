package io.autobiz.engine.db;

import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.spring.ProcessEngineFactoryBean;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Tells Spring Boot that the process engine depends on database initialisation, so Flyway has created the engine's
 * tables before the engine checks for them. Registered in {@code META-INF/spring.factories}.
 */
public class EngineWaitsForMigrations extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        return Set.of(ProcessEngineConfigurationImpl.class, ProcessEngineFactoryBean.class);
    }
}
