package io.autobiz.businessconfig;

import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.config.ConfigViolation;
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
 */
@Component
@Order(15)
public class BusinessConfigStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BusinessConfigStartup.class);

    private final TenantProperties properties;
    private final BusinessConfigProperties configProperties;
    private final BusinessConfigs configs;
    private final PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();

    public BusinessConfigStartup(
            TenantProperties properties, BusinessConfigProperties configProperties, BusinessConfigs configs) {
        this.properties = properties;
        this.configProperties = configProperties;
        this.configs = configs;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> problems = new ArrayList<>();
        for (String id : properties.tenants().keySet().stream().sorted().toList()) {
            TenantId tenant = TenantId.of(id);
            Optional<String> file = fileOf(id);
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
