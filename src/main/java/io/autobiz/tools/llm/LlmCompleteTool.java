package io.autobiz.tools.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import io.autobiz.tools.guard.SandboxGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Completes a pinned prompt template with the pinned model: the primary first, the fallback (its own timeout) when
 * the primary fails, times out or answers with another model, and, with no LLM configured, the deterministic template
 * provider, which says so in its output. A READ: it changes nothing outside, so nothing to make idempotent or undo;
 * tokens go to the kernel through {@link io.autobiz.kernel.tool.ToolUsage} for bounds and cost.
 */
@Component
public class LlmCompleteTool implements Tool {

    static final String FALLBACK_METRIC = "llm_fallback_triggered";
    /** Every request to a model, by route (primary, fallback), pinned model and outcome: the model distribution. */
    static final String REQUEST_METRIC = "llm_request";

    private static final ToolContract CONTRACT = ToolSchemas.contract("llm.complete", 1)
            .description("LLM: complete a pinned prompt template")
            .sideEffect(SideEffect.READ)
            .scope("llm:complete")
            .timeout(Duration.ofSeconds(45))
            .dependency("llm")
            .build();

    private final LlmProperties llm;
    private final MeterRegistry meters;

    public LlmCompleteTool(LlmProperties llm, SandboxGuard guard, ObjectProvider<MeterRegistry> meters) {
        this.llm = llm;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        if (llm.primaryConfigured()) {
            guard.checkBaseUrl("llm", llm.baseUrl());
        }
        if (llm.fallbackConfigured()) {
            guard.checkBaseUrl("llm fallback", llm.fallbackBaseUrl());
        }
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) {
        JsonNode input = invocation.input();
        PromptTemplates.Template template =
                PromptTemplates.load(input.get("template").asText());
        Map<String, String> variables = new LinkedHashMap<>();
        input.path("variables")
                .properties()
                .forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        if (!llm.primaryConfigured()) {
            String answer = PromptTemplates.render(template.deterministicAnswer(), variables);
            return output(answer, "template", "template", template)
                    .put("note", "no LLM configured: the deterministic template provider answered");
        }
        String prompt = PromptTemplates.render(template.prompt(), variables);
        String apiKey = invocation.credentials().find("api_key").orElse("not-needed");
        try {
            return complete(invocation, llm.baseUrl(), llm.model(), llm.timeout(), apiKey, prompt, template, "primary");
        } catch (RuntimeException primaryFailure) {
            if (!llm.fallbackConfigured()) {
                throw failure(primaryFailure);
            }
            meters.counter(FALLBACK_METRIC, "reason", reason(primaryFailure)).increment();
            try {
                return complete(
                                invocation,
                                llm.fallbackBaseUrl(),
                                llm.fallbackModel(),
                                llm.fallbackTimeout(),
                                apiKey,
                                prompt,
                                template,
                                "fallback")
                        .put("fallbackReason", reason(primaryFailure));
            } catch (RuntimeException fallbackFailure) {
                throw failure(fallbackFailure);
            }
        }
    }

    private ObjectNode complete(
            ToolInvocation invocation,
            String baseUrl,
            String model,
            Duration timeout,
            String apiKey,
            String prompt,
            PromptTemplates.Template template,
            String route) {
        Duration bounded = timeout.compareTo(invocation.timeout()) < 0 ? timeout : invocation.timeout();
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .apiKey(apiKey)
                .baseUrl(baseUrl)
                .timeout(bounded)
                .maxRetries(0)
                .build();
        String outcome = "error";
        try {
            invocation.usage().recordProviderCall("llm");
            ChatCompletion completion = client.chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model(model)
                            .addUserMessage(prompt)
                            .temperature(0.0)
                            .build());
            completion
                    .usage()
                    .ifPresent(u -> invocation
                            .usage()
                            .recordTokens(completion.model(), u.promptTokens(), u.completionTokens()));
            if (!completion.model().equals(model) && !completion.model().startsWith(model + "-")) {
                throw new PinViolated(model, completion.model());
            }
            String answer = completion.choices().isEmpty()
                    ? ""
                    : completion.choices().get(0).message().content().orElse("");
            outcome = "ok";
            return output(answer, route, completion.model(), template);
        } catch (RuntimeException e) {
            outcome = reason(e);
            throw e;
        } finally {
            meters.counter(REQUEST_METRIC, "route", route, "model", model, "outcome", outcome)
                    .increment();
            client.close();
        }
    }

    private static ObjectNode output(String text, String provider, String model, PromptTemplates.Template template) {
        return Json.object()
                .put("text", text)
                .put("provider", provider)
                .put("model", model)
                .put("template", template.id())
                .put("templateSha256", template.sha256());
    }

    /** The answering model differs from the pinned one (a provider may alias models silently). */
    static final class PinViolated extends RuntimeException {
        PinViolated(String pinned, String answered) {
            super("pinned model " + pinned + " but " + answered + " answered");
        }
    }

    private static String reason(RuntimeException e) {
        if (e instanceof PinViolated) {
            return "model_pin";
        }
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof java.io.InterruptedIOException) {
                return "timeout";
            }
            cause = cause.getCause();
        }
        return "error";
    }

    private static KernelError failure(RuntimeException e) {
        if (e instanceof KernelError kernelError) {
            return kernelError;
        }
        if (e instanceof PinViolated) {
            return KernelError.of(ErrorCode.PROVIDER_REJECTED, "llm " + e.getMessage(), Map.of("provider", "llm"));
        }
        String kind = e instanceof OpenAIException ? e.getClass().getSimpleName() : "error";
        return KernelError.of(
                ErrorCode.PROVIDER_UNAVAILABLE,
                "llm failed: " + kind + " (" + reason(e) + ")",
                Map.of("provider", "llm"),
                e);
    }
}
