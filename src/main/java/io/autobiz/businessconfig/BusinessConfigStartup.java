package io.autobiz.businessconfig;

import io.autobiz.gate.DeployGate;
import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.config.ConfigVersions;
import io.autobiz.kernel.config.ConfigViolation;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * At start-up every configured store gets its BusinessConfig: from its {@code <store-id>.yml} file when that text is
 * new, else the version already stored. Each is checked against the tools that exist and the workflows just
 * deployed; one violation anywhere stops the start-up, with every violation of every store in the message.
 *
 * <p>A file whose text is new for a store that already runs a config is a deploy like a {@code PUT} of the admin API
 * and goes through the deploy gate (INV-08, {@link DeployGate}): without passing golden-suite evidence for exactly
 * that text and the deployed diagrams it is not activated, the store keeps its running version, and the refusal is
 * logged and counted ({@code invariant_violation_total{invariant="INV-08", kind="refused"}}). The first config of a
 * store with none (a new database: the quick start, a new store) is imported without the gate: nothing runs for the
 * store yet that a deploy could change, and the store processes nothing until it has a config
 * (docs/golden-suite.md, "Config files at start-up").
 */
@Component
@Order(15)
public class BusinessConfigStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BusinessConfigStartup.class);

    private final TenantProperties properties;
    private final BusinessConfigProperties configProperties;
    private final BusinessConfigs configs;
    private final ConfigVersions versions;
    private final DeployGate gate;
    private final PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();

    public BusinessConfigStartup(
            TenantProperties properties,
            BusinessConfigProperties configProperties,
            BusinessConfigs configs,
            ConfigVersions versions,
            DeployGate gate) {
        this.properties = properties;
        this.configProperties = configProperties;
        this.configs = configs;
        this.versions = versions;
        this.gate = gate;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> problems = new ArrayList<>();
        for (String id : properties.tenants().keySet().stream().sorted().toList()) {
            TenantId tenant = TenantId.of(id);
            Optional<String> file = fileOf(id).filter(yaml -> passesTheGate(tenant, yaml));
            BusinessConfigs.Outcome outcome = file.map(yaml -> configs.importFile(tenant, yaml))
                    .orElseGet(() ->
                            new BusinessConfigs.Outcome(configs.activeFor(tenant), configs.revalidateActive(tenant)));
            for (ConfigViolation violation : outcome.violations()) {
                problems.add("store " + id + ": " + violation);
            }
            outcome.accepted()
                    .ifPresent(active -> log.info(
                            "store {} runs under BusinessConfig version {} ({})",
                            id,
                            active.version(),
                            active.sha256().substring(0, 12)));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "AutoBiz will not start with an invalid BusinessConfig:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * Whether the file may be imported: the store has no config yet, the text is already one of its versions
     * (nothing new is activated), the text is invalid (the import reports its violations and the start-up stops), or
     * the deploy gate passes it.
     */
    private boolean passesTheGate(TenantId tenant, String yaml) {
        Optional<ConfigVersions.StoredConfig> running = versions.latest(tenant);
        if (running.isEmpty()
                || versions.contains(tenant, Digests.sha256Hex(yaml))
                || !configs.check(tenant, yaml).isEmpty()) {
            return true;
        }
        DeployGate.Decision decision = gate.forConfig(tenant.value(), yaml);
        if (decision.allowed()) {
            gate.accepted(decision);
            return true;
        }
        gate.refused(decision, "startup");
        log.warn(
                "store {}: its config file was edited, but the edit is NOT activated (INV-08 deploy gate: {});"
                        + " version {} keeps running. Upload passing golden-suite evidence for exactly this text and"
                        + " restart, or PUT it through /admin/tenants/{}/config (docs/golden-suite.md)",
                tenant.value(),
                decision.message(),
                running.get().version(),
                tenant.value());
        return false;
    }

    private Optional<String> fileOf(String tenant) {
        for (String location : configProperties.locations()) {
            String base = location.endsWith("/") ? location : location + "/";
            try {
                for (Resource resource : resources.getResources(base + tenant + ".yml")) {
                    if (resource.exists()) {
                        return Optional.of(new String(resource.getContentAsByteArray(), StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read BusinessConfig of " + tenant + " from " + location, e);
            }
        }
        return Optional.empty();
    }
}
