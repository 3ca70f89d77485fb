package io.autobiz.businessconfig;

import io.autobiz.delegates.BpmnProcessGraphs;
import io.autobiz.kernel.config.ProcessGraph;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/** The latest version of every deployed workflow, as the compile checks see it. */
@Component
public class DeployedProcesses {

    private final RepositoryService repository;
    private final Map<String, List<ProcessGraph>> byDefinitionId = new ConcurrentHashMap<>();

    public DeployedProcesses(RepositoryService repository) {
        this.repository = repository;
    }

    public Collection<ProcessGraph> latest() {
        List<ProcessGraph> graphs = new ArrayList<>();
        for (ProcessDefinition definition :
                repository.createProcessDefinitionQuery().latestVersion().list()) {
            graphs.addAll(byDefinitionId.computeIfAbsent(
                    definition.getId(),
                    id -> BpmnProcessGraphs.of(repository.getBpmnModelInstance(id)).stream()
                            .filter(graph -> graph.processKey().equals(definition.getKey()))
                            .toList()));
        }
        return graphs;
    }
}
