package io.autobiz.gate;

import io.autobiz.kernel.config.ConfigVersions;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * What the running application runs, hashed as gate evidence hashes it ({@link ArtifactHashes}): every store's active
 * BusinessConfig and the diagrams new runs start on (the newest shared definition of each workflow), and a candidate
 * laid over them. The golden suite records these hashes in its evidence and the deploy check compares the same
 * hashes, so the two cannot drift apart.
 */
@Component
public class DeployedArtifacts {

    private final TenantProperties stores;
    private final ConfigVersions configs;
    private final RepositoryService repository;

    public DeployedArtifacts(TenantProperties stores, ConfigVersions configs, @Lazy RepositoryService repository) {
        this.stores = stores;
        this.configs = configs;
        this.repository = repository;
    }

    /** Every configured store's active config, as {@code <store>.yml}. */
    public ArtifactHashes configs() {
        Map<String, byte[]> contents = new TreeMap<>();
        for (String store : stores.tenants().keySet()) {
            configs.latest(TenantId.of(store))
                    .ifPresent(stored -> contents.put(
                            ArtifactHashes.configFile(store), stored.yaml().getBytes(StandardCharsets.UTF_8)));
        }
        return ArtifactHashes.ofContents(contents);
    }

    /** The diagrams new runs start on. */
    public ArtifactHashes diagrams() {
        return ArtifactHashes.ofContents(diagramContents());
    }

    /** The diagrams new runs would start on once {@code candidate} (file name → BPMN XML) is deployed. */
    public ArtifactHashes diagramsWith(Map<String, byte[]> candidate) {
        Map<String, byte[]> contents = diagramContents();
        candidate.forEach((name, xml) -> contents.put(ArtifactHashes.fileName(name), xml));
        return ArtifactHashes.ofContents(contents);
    }

    /**
     * The diagrams themselves (file name → BPMN XML) new runs would start on once {@code candidate} is deployed: what a
     * golden run for that candidate deploys, so its evidence names exactly {@link #diagramsWith}'s hash.
     */
    public Map<String, byte[]> diagramFilesWith(Map<String, byte[]> candidate) {
        Map<String, byte[]> contents = diagramContents();
        candidate.forEach((name, xml) -> contents.put(ArtifactHashes.fileName(name), xml));
        return contents;
    }

    /** file name → content of the BPMN resource of each workflow's newest shared (not per-store) definition. */
    private Map<String, byte[]> diagramContents() {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (ProcessDefinition definition : repository
                .createProcessDefinitionQuery()
                .latestVersion()
                .withoutTenantId()
                .orderByDeploymentTime()
                .asc()
                .list()) {
            if (!definition.getResourceName().endsWith(".bpmn")) {
                continue;
            }
            try (InputStream diagram = Objects.requireNonNull(
                    repository.getResourceAsStream(definition.getDeploymentId(), definition.getResourceName()))) {
                contents.put(ArtifactHashes.fileName(definition.getResourceName()), diagram.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return contents;
    }
}
