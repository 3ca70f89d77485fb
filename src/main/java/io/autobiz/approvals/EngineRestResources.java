package io.autobiz.approvals;

import jakarta.ws.rs.ApplicationPath;
import java.util.HashSet;
import java.util.Set;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.springframework.stereotype.Component;

/**
 * Camunda's REST API as the starter registers it, with one handler swapped: {@link ApprovalRefusalResponses} in place
 * of {@link RestExceptionHandler}, so that a refused approval decision is a 4xx. Replacing the handler rather than
 * adding a second one for the same exception type keeps the choice out of the JAX-RS runtime's hands. Being a
 * {@link CamundaJerseyResourceConfig} bean, it replaces the starter's (which is conditional on there being none).
 */
@Component
@ApplicationPath("/engine-rest")
public class EngineRestResources extends CamundaJerseyResourceConfig {

    @Override
    protected void registerCamundaRestResources() {
        registerClasses(CamundaRestResources.getResourceClasses());
        Set<Class<?>> configuration = new HashSet<>(CamundaRestResources.getConfigurationClasses());
        if (!configuration.remove(RestExceptionHandler.class)) {
            throw new IllegalStateException("Camunda's REST resources no longer include RestExceptionHandler;"
                    + " check how approval refusals are answered");
        }
        registerClasses(configuration);
        register(ApprovalRefusalResponses.class);
        register(JacksonFeature.class);
    }
}
