package io.autobiz.tools.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the completion tool sends prompts. With no primary base URL, the deterministic template provider answers.
 *
 * @param baseUrl the primary OpenAI-compatible API, e.g. {@code https://api.openai.com/v1}; empty for none
 * @param model the primary model, pinned: an answer from another model is refused
 * @param timeout the primary's timeout
 * @param fallbackBaseUrl the fallback's API; empty for none
 * @param fallbackModel the fallback model, pinned as well
 * @param fallbackTimeout the fallback's own timeout
 */
@ConfigurationProperties("autobiz.llm")
public record LlmProperties(
        @DefaultValue("") String baseUrl,
        @DefaultValue("") String model,
        @DefaultValue("PT20S") Duration timeout,
        @DefaultValue("") String fallbackBaseUrl,
        @DefaultValue("") String fallbackModel,
        @DefaultValue("PT20S") Duration fallbackTimeout) {

    boolean primaryConfigured() {
        return !baseUrl.isBlank() && !model.isBlank();
    }

    boolean fallbackConfigured() {
        return !fallbackBaseUrl.isBlank() && !fallbackModel.isBlank();
    }
}
