package io.autobiz.operations.metrics;

import io.autobiz.gate.DeployOverrides;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code workflow_definition_version{workflow}} (the version new runs start on) and
 * {@code workflow_definition_rolled_back{workflow}}: 1 when the newest deployment of a workflow carries exactly the
 * diagram of an older version than its predecessor, i.e. a deploy was rolled back by redeploying an earlier diagram
 * (the engine numbers it as a new version, so the version alone cannot tell), or when an administrator forced the
 * newest deployment past the deploy gate (INV-08 override). {@code businessconfig_override_active{tenant}}: 1 while
 * a store runs a BusinessConfig an administrator forced past the gate, a signal of its own because a config is not a
 * workflow. Each clears when the workflow's diagram or the store's config is replaced again. The alerts
 * {@code DeployRolledBack} and {@code BusinessConfigOverridden} and RB-05 are about these gauges.
 */
public class DeployedWorkflows {

    private static final Logger log = LoggerFactory.getLogger(DeployedWorkflows.class);

    private final RepositoryService repository;
    private final DeployOverrides overrides;
    private final SteadyGauge version;
    private final SteadyGauge rolledBack;
    private final SteadyGauge configOverridden;
    /** Definitions never change once deployed: their diagram's hash is computed once. */
    private final Map<String, String> diagramHashes = new ConcurrentHashMap<>();

    public DeployedWorkflows(RepositoryService repository, DeployOverrides overrides, MeterRegistry meters) {
        this.repository = repository;
        this.overrides = overrides;
        this.version = SteadyGauge.register(
                "workflow_definition_version", "version of the workflow's newest deployed definition", meters);
        this.rolledBack = SteadyGauge.register(
                "workflow_definition_rolled_back",
                "1 when the newest definition is the diagram of an older version (a rollback) or was forced past the"
                        + " deploy gate (an override)",
                meters);
        this.configOverridden = SteadyGauge.register(
                "businessconfig_override_active",
                "1 while the store runs a BusinessConfig an administrator forced past the deploy gate (INV-08 override)",
                meters);
    }

    @Scheduled(
            fixedDelayString = "${autobiz.operations.deploy-refresh:PT1M}",
            initialDelayString = "${autobiz.operations.metrics-initial-delay:PT5S}")
    public void refresh() {
        try {
            Map<String, List<ProcessDefinition>> byWorkflow = new TreeMap<>();
            for (ProcessDefinition definition :
                    repository.createProcessDefinitionQuery().withoutTenantId().list()) {
                byWorkflow
                        .computeIfAbsent(definition.getKey(), key -> new ArrayList<>())
                        .add(definition);
            }
            Map<Tags, Integer> versions = new HashMap<>();
            Map<Tags, Integer> rollbacks = new HashMap<>();
            Set<String> overridden = overrides.overriddenDeployments();
            byWorkflow.forEach((workflow, definitions) -> {
                definitions.sort(Comparator.comparingInt(ProcessDefinition::getVersion));
                ProcessDefinition newest = definitions.get(definitions.size() - 1);
                versions.put(Tags.of("workflow", workflow), newest.getVersion());
                boolean signal = isRollback(definitions) || overridden.contains(newest.getDeploymentId());
                rollbacks.put(Tags.of("workflow", workflow), signal ? 1 : 0);
            });
            Map<Tags, Integer> forcedConfigs = new HashMap<>();
            overrides
                    .configForcedByStore()
                    .forEach((store, forced) -> forcedConfigs.put(Tags.of("tenant", store), forced ? 1 : 0));
            version.update(versions);
            rolledBack.update(rollbacks);
            configOverridden.update(forcedConfigs);
        } catch (RuntimeException e) {
            log.warn("deployed workflow gauges not refreshed: {}", e.getMessage());
        }
    }

    /** The newest diagram equals one older than its predecessor (equal to the predecessor: a no-op redeploy). */
    private boolean isRollback(List<ProcessDefinition> byVersion) {
        int newest = byVersion.size() - 1;
        if (newest < 2) {
            return false;
        }
        String newestHash = hash(byVersion.get(newest));
        if (newestHash.equals(hash(byVersion.get(newest - 1)))) {
            return false;
        }
        for (int i = newest - 2; i >= 0; i--) {
            if (newestHash.equals(hash(byVersion.get(i)))) {
                return true;
            }
        }
        return false;
    }

    private String hash(ProcessDefinition definition) {
        return diagramHashes.computeIfAbsent(definition.getId(), id -> {
            try (InputStream diagram = Objects.requireNonNull(
                    repository.getResourceAsStream(definition.getDeploymentId(), definition.getResourceName()))) {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(diagram.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        });
    }
}
