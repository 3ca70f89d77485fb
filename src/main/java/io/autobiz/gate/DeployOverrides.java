package io.autobiz.gate;

import io.autobiz.kernel.config.ConfigVersions;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which overridden deploys are still running, for the operations signals ({@code businessconfig_override_active},
 * {@code workflow_definition_rolled_back}): a store whose active config is one an administrator forced past the gate,
 * a deployment of diagrams forced past it.
 * Each clears by itself when the store's config or the workflow's diagram is replaced again.
 */
@Component
public class DeployOverrides {

    /** One row of {@code deploy_gate_overrides}. */
    public record Recorded(
            long id,
            String kind,
            String store,
            String configSha256,
            String bpmnHash,
            String deploymentId,
            String blockedBy,
            String reason,
            String overriddenBy,
            String createdAt) {}

    private final JdbcClient jdbc;
    private final ConfigVersions configs;
    private final TenantProperties stores;

    public DeployOverrides(DataSource dataSource, ConfigVersions configs, TenantProperties stores) {
        this.jdbc = JdbcClient.create(dataSource);
        this.configs = configs;
        this.stores = stores;
    }

    /** The engine deployments an administrator forced past the gate. */
    public Set<String> overriddenDeployments() {
        return new TreeSet<>(jdbc.sql("select deployment_id from deploy_gate_overrides where kind = 'BPMN'")
                .query(String.class)
                .list());
    }

    /**
     * Every store that has a config (sorted), true when its active config is one an administrator forced past the
     * gate. A store that later returns to a forced text through the gate shows as forced again: the signal errs on the
     * side of being seen.
     */
    public Map<String, Boolean> configForcedByStore() {
        Map<String, Set<String>> forced = new HashMap<>();
        for (Map<String, Object> row : jdbc.sql(
                        "select store, config_sha256 from deploy_gate_overrides where kind = 'CONFIG'")
                .query()
                .listOfRows()) {
            forced.computeIfAbsent((String) row.get("store"), store -> new HashSet<>())
                    .add(((String) row.get("config_sha256")).trim());
        }
        Map<String, Boolean> byStore = new TreeMap<>();
        for (String store : stores.tenants().keySet()) {
            configs.latest(TenantId.of(store))
                    .ifPresent(active -> byStore.put(
                            store, forced.getOrDefault(store, Set.of()).contains(active.sha256())));
        }
        return byStore;
    }

    /** The newest overrides, newest first, at most {@code limit}. */
    public List<Recorded> newest(int limit) {
        return jdbc
                .sql("select id, kind, store, config_sha256, bpmn_hash, deployment_id, blocked_by, reason,"
                        + " overridden_by, created_at from deploy_gate_overrides order by id desc")
                .query((row, number) -> new Recorded(
                        row.getLong("id"),
                        row.getString("kind"),
                        row.getString("store"),
                        row.getString("config_sha256") == null
                                ? null
                                : row.getString("config_sha256").trim(),
                        row.getString("bpmn_hash").trim(),
                        row.getString("deployment_id"),
                        row.getString("blocked_by"),
                        row.getString("reason"),
                        row.getString("overridden_by"),
                        row.getTimestamp("created_at").toInstant().toString()))
                .list()
                .stream()
                .limit(limit)
                .toList();
    }
}
