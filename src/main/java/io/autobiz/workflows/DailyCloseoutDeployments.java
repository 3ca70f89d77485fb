package io.autobiz.workflows;

import io.autobiz.tenancy.TenantProperties;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * WF07 starts on a timer, and a timer knows no store: so {@code daily-closeout} is deployed once per store, as that
 * store's tenant deployment (with the approval form and the escalation form, which its approval and investigation tasks bind by deployment), and each store's
 * timer starts an instance of that store. The copy that the shared auto-deployment of {@code processes/} makes has no
 * store; its definition (and so its timer) is suspended, so that it never starts an instance on behalf of nobody.
 * Duplicate filtering keeps restarts from creating versions that change nothing.
 */
@Component
@Order(20)
public class DailyCloseoutDeployments implements ApplicationRunner {

    public static final String PROCESS_KEY = "daily-closeout";
    static final String DIAGRAM = "processes/daily-closeout.bpmn";
    static final String FORM = "forms/approval.form";
    static final String INVESTIGATION_FORM = "forms/escalation.form";

    private static final Logger log = LoggerFactory.getLogger(DailyCloseoutDeployments.class);

    private final RepositoryService repository;
    private final TenantProperties stores;

    public DailyCloseoutDeployments(RepositoryService repository, TenantProperties stores) {
        this.repository = repository;
        this.stores = stores;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String tenant : stores.tenants().keySet()) {
            Deployment deployment = repository
                    .createDeployment()
                    .name(PROCESS_KEY + "-" + tenant)
                    .tenantId(tenant)
                    .source("autobiz")
                    .enableDuplicateFiltering(false)
                    .addClasspathResource(DIAGRAM)
                    .addClasspathResource(FORM)
                    .addClasspathResource(INVESTIGATION_FORM)
                    .deploy();
            log.info("{} deployed for store {} ({})", PROCESS_KEY, tenant, deployment.getId());
        }
        boolean sharedCopy = repository
                        .createProcessDefinitionQuery()
                        .processDefinitionKey(PROCESS_KEY)
                        .withoutTenantId()
                        .active()
                        .count()
                > 0;
        if (sharedCopy) {
            repository
                    .updateProcessDefinitionSuspensionState()
                    .byProcessDefinitionKey(PROCESS_KEY)
                    .processDefinitionWithoutTenantId()
                    .suspend();
        }
    }
}
