package io.autobiz.tools.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tool.ToolUsage;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.tools.ToolTestKit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The completion tool against recorded answers ("cassettes" under {@code cassettes/llm/}) served by WireMock, never a
 * real endpoint: pinning, fallback routing with its own timeout, token reporting, and the template provider.
 */
@IntegrationExternal
class LlmCompleteToolTest {

    private static final String PRIMARY = "/primary/v1/chat/completions";
    private static final String FALLBACK = "/fallback/v1/chat/completions";
    private static final String INPUT = """
            {"template": "wismo-reply@1", "variables": {"orderName": "#1001", "status": "shipped", "carrier": "USPS",
             "trackingNumber": "9400111899223197428490", "customerMessage": "Where is my order?"}}""";

    private static WireMockServer llm;
    private ToolTestKit kit;
    private SimpleMeterRegistry meters;

    @BeforeAll
    static void start() {
        llm = ProviderStubs.start();
    }

    @AfterAll
    static void stop() {
        llm.stop();
    }

    @BeforeEach
    void reset() {
        llm.resetAll();
        kit = ToolTestKit.against(llm);
        meters = new SimpleMeterRegistry();
    }

    private LlmCompleteTool tool(boolean primary, boolean fallback, Duration primaryTimeout) {
        String base = "http://127.0.0.1:" + llm.port();
        LlmProperties properties = new LlmProperties(
                primary ? base + "/primary/v1" : "",
                primary ? "gpt-4o-mini" : "",
                primaryTimeout,
                fallback ? base + "/fallback/v1" : "",
                fallback ? "llama-3.1-8b-instruct" : "",
                Duration.ofSeconds(5));
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("meters", meters));
        return new LlmCompleteTool(properties, kit.guard, beans.getBeanProvider(MeterRegistry.class));
    }

    private static String cassette(String name) throws IOException {
        try (InputStream in = LlmCompleteToolTest.class.getResourceAsStream("/cassettes/llm/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private double requests(String route, String model, String outcome) {
        var counter = meters.find(LlmCompleteTool.REQUEST_METRIC)
                .tag("route", route)
                .tag("model", model)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double fallbacks(String reason) {
        var counter = meters.find(LlmCompleteTool.FALLBACK_METRIC)
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    @DisplayName("P1-RK01 the primary answers with the pinned model and template; tokens go to the kernel")
    void primaryAnswers() throws Exception {
        llm.stubFor(post(urlEqualTo(PRIMARY)).willReturn(okJson(cassette("wismo-reply-primary"))));

        var call = kit.call(tool(true, true, Duration.ofSeconds(5)), INPUT);

        assertThat(call.get("provider").asText()).isEqualTo("primary");
        assertThat(call.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(call.get("text").asText()).contains("9400111899223197428490");
        assertThat(call.get("templateSha256").asText())
                .isEqualTo(
                        Digests.sha256Hex(PromptTemplates.load("wismo-reply@1").prompt()));
        assertThat(call.usage().tokens()).containsExactly(new ToolUsage.Tokens("gpt-4o-mini-2024-07-18", 85, 24));
        llm.verify(postRequestedFor(urlEqualTo(PRIMARY))
                .withHeader("Authorization", equalTo("Bearer sk-test-toolkit-fake"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.0")))
                .withRequestBody(matchingJsonPath(
                        "$.messages[0].content", containing("Tracking number: 9400111899223197428490"))));
        llm.verify(0, postRequestedFor(urlEqualTo(FALLBACK)));
        assertThat(meters.find(LlmCompleteTool.FALLBACK_METRIC).counters()).isEmpty();
    }

    @Test
    @DisplayName("P1-RK01 a failing primary routes to the fallback once, counted in llm_fallback_triggered_total")
    void fallbackOnError() throws Exception {
        llm.stubFor(post(urlEqualTo(PRIMARY)).willReturn(aResponse().withStatus(503)));
        llm.stubFor(post(urlEqualTo(FALLBACK)).willReturn(okJson(cassette("wismo-reply-fallback"))));

        var call = kit.call(tool(true, true, Duration.ofSeconds(5)), INPUT);

        assertThat(call.get("provider").asText()).isEqualTo("fallback");
        assertThat(call.get("fallbackReason").asText()).isEqualTo("error");
        assertThat(fallbacks("error")).isEqualTo(1.0);
        llm.verify(1, postRequestedFor(urlEqualTo(PRIMARY))); // the client's own retries are off
        llm.verify(postRequestedFor(urlEqualTo(FALLBACK))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama-3.1-8b-instruct"))));
        assertThat(call.usage().totalTokens()).isEqualTo(120);
    }

    @Test
    @DisplayName("P1-RK01 a primary slower than its own timeout routes to the fallback")
    void fallbackOnTimeout() throws Exception {
        llm.stubFor(post(urlEqualTo(PRIMARY))
                .willReturn(okJson(cassette("wismo-reply-primary")).withFixedDelay(3_000)));
        llm.stubFor(post(urlEqualTo(FALLBACK)).willReturn(okJson(cassette("wismo-reply-fallback"))));

        var call = kit.call(tool(true, true, Duration.ofMillis(300)), INPUT);

        assertThat(call.get("provider").asText()).isEqualTo("fallback");
        assertThat(call.get("fallbackReason").asText()).isEqualTo("timeout");
        assertThat(fallbacks("timeout")).isEqualTo(1.0);
        assertThat(requests("primary", "gpt-4o-mini", "timeout")).isEqualTo(1.0);
        assertThat(requests("fallback", "llama-3.1-8b-instruct", "ok")).isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-RK01 an answer from another model than the pinned one is not used")
    void pinViolationFallsBack() throws Exception {
        llm.stubFor(post(urlEqualTo(PRIMARY)).willReturn(okJson(cassette("wismo-reply-other-model"))));
        llm.stubFor(post(urlEqualTo(FALLBACK)).willReturn(okJson(cassette("wismo-reply-fallback"))));

        var call = kit.call(tool(true, true, Duration.ofSeconds(5)), INPUT);

        assertThat(call.get("model").asText()).isEqualTo("llama-3.1-8b-instruct");
        assertThat(fallbacks("model_pin")).isEqualTo(1.0);
        // the tokens the drifted answer cost are still counted
        assertThat(call.usage().tokens()).hasSize(2);
    }

    @Test
    @DisplayName("P1-RK01 primary and fallback failing is PROVIDER_UNAVAILABLE")
    void bothFail() {
        llm.stubFor(post(urlEqualTo(PRIMARY)).willReturn(aResponse().withStatus(500)));
        llm.stubFor(post(urlEqualTo(FALLBACK)).willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> kit.call(tool(true, true, Duration.ofSeconds(5)), INPUT))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }

    @Test
    @DisplayName("P1-RK01 with no LLM configured the deterministic template provider answers and says so")
    void templateProvider() throws Exception {
        LlmCompleteTool tool = tool(false, false, Duration.ofSeconds(5));

        var first = kit.call(tool, INPUT);
        var second = kit.call(tool, INPUT);

        assertThat(first.get("provider").asText()).isEqualTo("template");
        assertThat(first.get("note").asText()).contains("no LLM configured");
        assertThat(first.get("text").asText()).contains("#1001").contains("9400111899223197428490");
        assertThat(second.output()).isEqualTo(first.output());
        assertThat(first.usage().tokens()).isEmpty();
        assertThat(llm.getAllServeEvents()).isEmpty();
    }
}
