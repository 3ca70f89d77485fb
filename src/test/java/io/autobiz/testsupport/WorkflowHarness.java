package io.autobiz.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.tenancy.TenantProvisioning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * What {@link WorkflowIT} does: {@link Infrastructure} gives each test class's context its database and WireMock
 * server; the extension itself does the per-test set-up and clean-up.
 */
public final class WorkflowHarness implements BeforeEachCallback, AfterEachCallback {

    /** Test-only password of the test-only approvers; passes the engine's password policy. */
    public static final String APPROVER_PASSWORD = "Test-only-Passw0rd!";

    @Override
    public void beforeEach(ExtensionContext extension) {
        ApplicationContext context = SpringExtension.getApplicationContext(extension);
        ProcessEngine engine = context.getBean(ProcessEngine.class);
        BpmnAwareTests.init(engine);
        providers(context).resetAll();
        for (String approver : settings(extension).approvers()) {
            ensureApprover(engine.getIdentityService(), approver);
        }
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        ClockUtil.reset();
        String[] definitions = settings(extension).cleanUp();
        if (definitions.length == 0) {
            return;
        }
        // Each test starts from no instance of these workflows: a message for the same order reaches only its own.
        RuntimeService runtime = SpringExtension.getApplicationContext(extension)
                .getBean(ProcessEngine.class)
                .getRuntimeService();
        for (String definition : definitions) {
            runtime.createProcessInstanceQuery()
                    .processDefinitionKey(definition)
                    .list()
                    .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test done"));
        }
    }

    /** The WireMock server of the context. */
    public static WireMockServer providers(ApplicationContext context) {
        return context.getBean(WireMockServer.class);
    }

    /** Makes {@code user} a member of the test store's approvers group, once. */
    public static void ensureApprover(IdentityService identity, String user) {
        if (identity.createUserQuery().userId(user).count() == 0) {
            User approver = identity.newUser(user);
            approver.setPassword(APPROVER_PASSWORD);
            identity.saveUser(approver);
            identity.createMembership(user, TenantProvisioning.approversGroup(WorkflowIT.STORE));
        }
    }

    private static WorkflowIT settings(ExtensionContext extension) {
        return Objects.requireNonNull(
                AnnotatedElementUtils.findMergedAnnotation(extension.getRequiredTestClass(), WorkflowIT.class),
                "@WorkflowIT");
    }

    /**
     * Gives the context of one test class a fresh database and a WireMock server, both made when the context is, as
     * the ITs' {@code @DynamicPropertySource} with static fields did before. The customizer equals only the one of the
     * same class, so no two classes share a context (or a database).
     */
    public static final class Infrastructure implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(
                Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            return AnnotatedElementUtils.hasAnnotation(testClass, WorkflowIT.class) ? new PerClass(testClass) : null;
        }
    }

    private record PerClass(Class<?> testClass) implements ContextCustomizer {

        private static final Logger LOG = LoggerFactory.getLogger(WorkflowHarness.class);

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestDatabase database = TestPostgres.newDatabase();
            WireMockServer providers = ProviderStubs.start();
            Map<String, Object> properties = new LinkedHashMap<>(database.springProperties());
            properties.putAll(ProviderStubs.properties(providers));
            properties.put(WorkflowIT.PROVIDERS_URL, "http://127.0.0.1:" + providers.port());
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("workflowIT " + testClass.getSimpleName(), properties));
            context.getBeanFactory().registerSingleton("workflowItProviders", providers);
            context.getBeanFactory().registerSingleton("workflowItDatabase", database);
            context.addApplicationListener((ApplicationListener<ContextClosedEvent>) closed -> providers.stop());
            LOG.info(
                    "{}: database {}, providers on 127.0.0.1:{}",
                    testClass.getSimpleName(),
                    database.name(),
                    providers.port());
        }
    }
}
