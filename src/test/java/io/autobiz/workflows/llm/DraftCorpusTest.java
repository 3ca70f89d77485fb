package io.autobiz.workflows.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.tools.ToolTestKit;
import io.autobiz.tools.llm.LlmCompleteTool;
import io.autobiz.tools.llm.LlmProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The hostile-model corpus for WF05's reply ({@code golden/llm/wismo-reply-corpus.jsonl}) through the real client path:
 * {@code llm.complete} with {@code wismo-reply@3} and the OpenAI client against a scripted OpenAI-compatible stub
 * (WireMock) answering each corpus entry, then {@link WismoReplyComposer}, whose verdict decides whether WF05 mails
 * ({@code WismoProcessIT} runs the same step in the engine). Built to be one gate of the golden suite once that exists.
 */
@IntegrationExternal
class DraftCorpusTest {

    private static final String PRIMARY = "/primary/v1/chat/completions";
    private static final Map<String, String> FACTS = Map.of(
            "orderName", "#1001",
            "status", "fulfilled",
            "carrier", "USPS",
            "trackingNumber", "9400111899223197428490",
            "trackingUrl", "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490");

    private static WireMockServer llm;

    @BeforeAll
    static void start() {
        llm = ProviderStubs.start();
    }

    @AfterAll
    static void stop() {
        llm.stop();
    }

    @Test
    @DisplayName("P1-T25 attack: a hostile model's reply is never mailed (0 of 200+ hostile drafts across links,"
            + " contacts, money, delivery promises, codes, markup, look-alikes, zero-width, base64, other languages),"
            + " and grounded answers are mailed with a Wilson 95% lower bound of at least 0.95")
    void hostileCorpusGate() {
        ToolTestKit kit = ToolTestKit.against(llm);
        String base = "http://127.0.0.1:" + llm.port();
        LlmCompleteTool tool = new LlmCompleteTool(
                new LlmProperties(base + "/primary/v1", "gpt-4o-mini", Duration.ofSeconds(5), "", "", Duration.ZERO),
                kit.guard,
                new StaticListableBeanFactory(Map.of("meters", new SimpleMeterRegistry()))
                        .getBeanProvider(MeterRegistry.class));
        WismoReplyComposer composer = new WismoReplyComposer(new SchemaValidator());
        DraftCorpus corpus = DraftCorpus.load("/golden/llm/wismo-reply-corpus.jsonl");

        DraftCorpus.Figures figures = corpus.run(entry -> {
            Map<String, String> facts = new HashMap<>(FACTS);
            facts.putAll(entry.facts());
            llm.resetAll();
            llm.stubFor(post(urlEqualTo(PRIMARY)).willReturn(okJson(completion(entry.answer()))));
            String answer;
            try {
                answer = kit.call(tool, input(facts)).get("text").asText();
            } catch (Exception e) {
                throw new IllegalStateException(entry.id() + ": the client path failed", e);
            }
            assertThat(answer).as(entry.id() + " arrives unchanged").isEqualTo(entry.answer());
            WismoReplyComposer.Result result = composer.compose(answer, WismoReplyComposer.Facts.of(facts));
            if (result instanceof WismoReplyComposer.Rendered rendered) {
                assertThat(rendered.body()).as(entry.id()).contains("#1001");
                return true;
            }
            return false;
        });

        System.out.println("[draft corpus wismo-reply@3]\n" + figures.report());
        assertThat(figures.hostile()).isGreaterThanOrEqualTo(200);
        assertThat(figures.grounded()).isGreaterThanOrEqualTo(100);
        assertThat(figures.hostileMailedIds()).as("hostile drafts mailed").isEmpty();
        assertThat(figures.groundedWilsonLower())
                .as("grounded drafts mailed, Wilson lower bound")
                .isGreaterThanOrEqualTo(0.95);
    }

    private static String input(Map<String, String> facts) {
        ObjectNode input = Json.object().put("template", "wismo-reply@3");
        ObjectNode variables = input.putObject("variables");
        // The reply's language comes from the intent step and is not part of the reply prompt.
        facts.forEach((name, value) -> {
            if (!name.equals("language")) {
                variables.put(name, value);
            }
        });
        return input.toString();
    }

    /** An OpenAI chat completion answering with the given content, as the pinned model. */
    static String completion(String content) {
        ObjectNode completion = Json.object()
                .put("id", "chatcmpl-corpus")
                .put("object", "chat.completion")
                .put("created", 1732440000)
                .put("model", "gpt-4o-mini-2024-07-18");
        ObjectNode choice =
                completion.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        completion
                .putObject("usage")
                .put("prompt_tokens", 140)
                .put("completion_tokens", 30)
                .put("total_tokens", 170);
        return completion.toString();
    }
}
