package io.autobiz.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.QuickStartInstance;
import io.autobiz.testsupport.QuickStartTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The quick start as a newcomer meets it (issue 8): within a minute of start-up, every deployed workflow has
 * instances to look at in Cockpit and an approval waits in Tasklist, with nothing sent but what the quick start
 * sends itself. A workflow deployed without demo traffic fails this test.
 */
@QuickStartTest(demoTraffic = true)
@IntegrationExternal
class DemoTrafficIT {

    private static final QuickStartInstance APP = QuickStartInstance.of(DemoTrafficIT.class);

    @Autowired
    RepositoryService repository;

    @Autowired
    HistoryService history;

    @Autowired
    TaskService tasks;

    @Test
    @DisplayName("P1-TASK-23 within a minute of start-up every workflow has run and an approval waits in Tasklist")
    void everyWorkflowHasTrafficAndAnApprovalWaits() {
        Set<String> deployed = new TreeSet<>();
        for (ProcessDefinition definition :
                repository.createProcessDefinitionQuery().latestVersion().list()) {
            deployed.add(definition.getKey());
        }
        assertThat(deployed).as("the quick start deploys the workflows").contains("order-fulfill", "refund");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(withoutInstances(deployed))
                            .as("workflows without a single instance")
                            .isEmpty();
                    assertThat(tasks.createTaskQuery()
                                    .taskCandidateGroup("demo-store-approvers")
                                    .active()
                                    .count())
                            .as("approvals waiting for the demo approver")
                            .isPositive();
                });
    }

    private List<String> withoutInstances(Set<String> keys) {
        return keys.stream()
                .filter(key -> history.createHistoricProcessInstanceQuery()
                                .processDefinitionKey(key)
                                .count()
                        == 0)
                .toList();
    }
}
