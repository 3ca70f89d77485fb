package io.autobiz.tools.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param methodsUrl Slack's Web API methods prefix, ending in {@code /api/} */
@ConfigurationProperties("autobiz.slack")
public record SlackProperties(
        @DefaultValue("https://slack.com/api/") String methodsUrl) {}
