package io.autobiz.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.autobiz.kernel.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The LLM (an OpenAI-compatible chat completions API, a primary and a fallback) as the workflow ITs stub it on {@link
 * ProviderStubs}' server, with recorded answers from {@code cassettes/llm}, and the properties that point the
 * application at it.
 */
public final class LlmStubs {

    public static final String PRIMARY = "/llm/primary/v1/chat/completions";
    public static final String FALLBACK = "/llm/fallback/v1/chat/completions";

    /** The primary's base URL on the WireMock server ({@link WorkflowIT#PROVIDERS_URL}). */
    public static final String PRIMARY_BASE_URL =
            "autobiz.llm.base-url=${" + WorkflowIT.PROVIDERS_URL + "}/llm/primary/v1";

    public static final String PRIMARY_MODEL = "autobiz.llm.model=gpt-4o-mini";

    /** The fallback's base URL on the WireMock server. */
    public static final String FALLBACK_BASE_URL =
            "autobiz.llm.fallback-base-url=${" + WorkflowIT.PROVIDERS_URL + "}/llm/fallback/v1";

    public static final String FALLBACK_MODEL = "autobiz.llm.fallback-model=llama-3.1-8b-instruct";

    private LlmStubs() {}

    /** The completion at {@code url} (primary or fallback) for prompts starting {@code promptStart}: the cassette. */
    public static MappingBuilder answer(String url, String promptStart, String cassette) {
        return post(urlEqualTo(url))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing(promptStart)))
                .willReturn(okJson(cassette(cassette)));
    }

    /** A recorded answer, {@code cassettes/llm/<name>.json}. */
    public static String cassette(String name) {
        try (InputStream in = LlmStubs.class.getResourceAsStream("/cassettes/llm/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An OpenAI chat completion answering with the given content, as the pinned model. */
    public static String completion(String content) {
        return Json.object()
                .put("id", "chatcmpl-hostile")
                .put("object", "chat.completion")
                .put("created", 1732440000)
                .put("model", "gpt-4o-mini-2024-07-18")
                .<ObjectNode>set(
                        "choices",
                        Json.mapper()
                                .createArrayNode()
                                .add(Json.object()
                                        .put("index", 0)
                                        .put("finish_reason", "stop")
                                        .<ObjectNode>set(
                                                "message",
                                                Json.object()
                                                        .put("role", "assistant")
                                                        .put("content", content))))
                .<ObjectNode>set(
                        "usage",
                        Json.object()
                                .put("prompt_tokens", 120)
                                .put("completion_tokens", 60)
                                .put("total_tokens", 180))
                .toString();
    }
}
