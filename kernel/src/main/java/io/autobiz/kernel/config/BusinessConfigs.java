package io.autobiz.kernel.config;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolContract;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The stores' configs: the only way one is stored, and the kernel's source of the active one. A config is stored
 * only after it passed every compile check against the tools that exist and the workflows that are deployed; a
 * rejected config changes nothing. Nodes see a replacement within the refresh interval.
 */
@KernelApi
public final class BusinessConfigs implements ConfigSource {

    /** The outcome of proposing a config: the active config when accepted, every violation when not. */
    public record Outcome(Optional<ActiveConfig> accepted, List<ConfigViolation> violations) {

        public boolean isAccepted() {
            return accepted.isPresent();
        }
    }

    private record Cached(ActiveConfig active, Instant checkedAt) {}

    private final ConfigVersions store;
    private final BusinessConfigParser parser;
    private final BusinessConfigValidator validator;
    private final Supplier<Collection<ToolContract>> catalog;
    private final Supplier<Collection<ProcessGraph>> processes;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration refresh;
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    public BusinessConfigs(
            ConfigVersions store,
            BusinessConfigParser parser,
            BusinessConfigValidator validator,
            Supplier<Collection<ToolContract>> catalog,
            Supplier<Collection<ProcessGraph>> processes,
            MeterRegistry meters,
            Clock clock,
            Duration refresh) {
        this.store = store;
        this.parser = parser;
        this.validator = validator;
        this.catalog = catalog;
        this.processes = processes;
        this.meters = meters;
        this.clock = clock;
        this.refresh = refresh;
    }

    @Override
    public Optional<ActiveConfig> activeFor(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenant);
        if (cached != null && cached.checkedAt.plus(refresh).isAfter(now)) {
            return Optional.of(cached.active);
        }
        Optional<Long> version = store.latestVersion(tenant);
        if (version.isEmpty()) {
            cache.remove(tenant);
            return Optional.empty();
        }
        if (cached != null && cached.active.version() == version.get()) {
            cache.put(tenant, new Cached(cached.active, now));
            return Optional.of(cached.active);
        }
        Optional<ActiveConfig> loaded = store.latest(tenant)
                .map(stored ->
                        new ActiveConfig(parser.parse(stored.yaml()).config(), stored.sha256(), stored.version()));
        loaded.ifPresent(active -> cache.put(tenant, new Cached(active, now)));
        return loaded;
    }

    /** Every violation of this YAML as the store's config; empty when it would be accepted. Stores nothing. */
    public List<ConfigViolation> check(TenantId tenant, String yaml) {
        BusinessConfigParser.Parsed parsed;
        try {
            parsed = parser.parse(yaml);
        } catch (BusinessConfigParser.ConfigSyntaxException e) {
            return e.violations();
        }
        List<ConfigViolation> violations = new ArrayList<>();
        if (!tenant.value().equals(parsed.config().tenant())) {
            violations.add(new ConfigViolation(
                    "CONFIG_SYNTAX",
                    "tenant",
                    "this config is for '" + parsed.config().tenant() + "', not for '" + tenant + "'"));
        }
        violations.addAll(validator.validate(parsed.config(), catalog.get(), processes.get()));
        return violations;
    }

    /**
     * Stores the YAML as the store's new config if it passes every check; otherwise changes nothing and returns the
     * violations. Proposing the text of the active config again is accepted and stores nothing.
     */
    public Outcome propose(TenantId tenant, String yaml, String source, String proposedBy) {
        List<ConfigViolation> violations = check(tenant, yaml);
        if (!violations.isEmpty()) {
            meters.counter("config_validation_fail_total", "tenant", tenant.value())
                    .increment();
            return new Outcome(Optional.empty(), violations);
        }
        meters.counter("config_validation_pass_total", "tenant", tenant.value()).increment();
        BusinessConfigParser.Parsed parsed = parser.parse(yaml);
        Optional<ActiveConfig> current = activeFor(tenant);
        if (current.isPresent() && current.get().sha256().equals(parsed.sha256())) {
            return new Outcome(current, List.of());
        }
        ConfigVersions.StoredConfig stored = store.append(tenant, yaml, parsed.sha256(), source, proposedBy);
        ActiveConfig active = new ActiveConfig(parsed.config(), stored.sha256(), stored.version());
        cache.put(tenant, new Cached(active, clock.instant()));
        return new Outcome(Optional.of(active), List.of());
    }

    /**
     * Applies a config file at start-up when its text is not already one of the store's versions: editing the file
     * and restarting applies the edit, while a later replacement through the admin API survives restarts.
     */
    public Outcome importFile(TenantId tenant, String yaml) {
        String sha256;
        try {
            sha256 = parser.parse(yaml).sha256();
        } catch (BusinessConfigParser.ConfigSyntaxException e) {
            return new Outcome(Optional.empty(), e.violations());
        }
        if (store.contains(tenant, sha256)) {
            List<ConfigViolation> violations = revalidateActive(tenant);
            return new Outcome(violations.isEmpty() ? activeFor(tenant) : Optional.empty(), violations);
        }
        return propose(tenant, yaml, "FILE", "startup");
    }

    /**
     * The active config checked again against today's tools and workflows: a deployment can invalidate a config
     * that was valid when stored (a workflow now calls a tool the store never granted).
     */
    public List<ConfigViolation> revalidateActive(TenantId tenant) {
        return store.latest(tenant)
                .map(stored -> check(tenant, stored.yaml()))
                .orElse(List.of(new ConfigViolation("CONFIG_SYNTAX", "(store)", "store " + tenant + " has no config")));
    }
}
