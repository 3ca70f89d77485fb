package io.autobiz.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kernel-wide settings ({@code autobiz.kernel.*}).
 *
 * @param toolThreads how many tool calls may be in flight at once on this node
 */
@ConfigurationProperties("autobiz.kernel")
public record KernelProperties(@DefaultValue("32") int toolThreads) {}
