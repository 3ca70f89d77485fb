package io.autobiz.businessconfig;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param locations where {@code <store-id>.yml} files are looked for, first match wins (Spring resource locations,
 *     e.g. {@code file:/etc/autobiz/business-config/})
 * @param refresh how soon a node sees a config replaced through another node
 */
@ConfigurationProperties("autobiz.business-config")
public record BusinessConfigProperties(
        @DefaultValue("classpath*:business-config/") List<String> locations,
        @DefaultValue("PT5S") Duration refresh) {}
