package io.autobiz.tools.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.tools.ToolTestKit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Slack tool against WireMock: chat.postMessage form fields, Block Kit, Slack's ok/error envelope. */
@IntegrationExternal
class SlackMessagePostToolTest {

    private static final String POST = "/slack/api/chat.postMessage";
    private static WireMockServer slack;
    private ToolTestKit kit;
    private SlackMessagePostTool tool;

    @BeforeAll
    static void start() {
        slack = ProviderStubs.start();
    }

    @AfterAll
    static void stop() {
        slack.stop();
    }

    @BeforeEach
    void reset() {
        slack.resetAll();
        kit = ToolTestKit.against(slack);
        tool = new SlackMessagePostTool(
                new SlackProperties("http://127.0.0.1:" + slack.port() + "/slack/api/"), kit.guard);
    }

    @Test
    @DisplayName("P1-TASK-19 an approval message is posted with its Block Kit blocks as the store's bot")
    void postsBlocks() throws Exception {
        slack.stubFor(post(urlEqualTo(POST)).willReturn(okJson("""
                {"ok": true, "channel": "C0APPROVALS", "ts": "1732440000.000100",
                 "message": {"type": "message", "text": "Refund approval needed"}}""")));

        var call = kit.call(tool, """
                {"channel": "C0APPROVALS", "text": "Refund approval needed", "reference": "acme:refund:7",
                 "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Refund* $10.00"}}]}""");

        assertThat(call.get("ts").asText()).isEqualTo("1732440000.000100");
        slack.verify(postRequestedFor(urlEqualTo(POST))
                .withHeader("Authorization", equalTo("Bearer xoxb-test-toolkit-fake"))
                .withFormParam("channel", equalTo("C0APPROVALS"))
                .withFormParam("text", equalTo("Refund approval needed"))
                .withFormParam("blocks", containing("\"type\":\"section\"")));
    }

    @Test
    @DisplayName("P1-T01-NEG-blocks blocks without a Block Kit type are refused before anything is posted")
    void badBlocksRefused() {
        assertThatThrownBy(() -> kit.call(tool, """
                        {"channel": "C0APPROVALS", "text": "x", "reference": "r", "blocks": [{"not": "a typed block"}]}"""))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_INVALID));
        assertThat(slack.getAllServeEvents()).isEmpty();
    }

    @Test
    @DisplayName("P1-TASK-19 Slack's ok=false is PROVIDER_REJECTED; HTTP 429 is PROVIDER_UNAVAILABLE")
    void errors() {
        String input = "{\"channel\": \"C0NOPE\", \"text\": \"x\", \"reference\": \"r\"}";
        slack.stubFor(post(urlEqualTo(POST)).willReturn(okJson("{\"ok\": false, \"error\": \"channel_not_found\"}")));
        assertThatThrownBy(() -> kit.call(tool, input)).isInstanceOfSatisfying(KernelError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
            assertThat(e.getMessage()).contains("channel_not_found");
        });

        slack.stubFor(
                post(urlEqualTo(POST)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
        assertThatThrownBy(() -> kit.call(tool, input))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }

    @Test
    @DisplayName("P1-H05 a Slack user token (xoxp-) is refused: only bot tokens post")
    void userTokenRefused() {
        ToolTestKit withUserToken = ToolTestKit.against(slack, Map.of("slack.bot_token", "xoxp" + "-1234-5678-fake"));

        assertThatThrownBy(
                        () -> withUserToken.call(tool, "{\"channel\": \"C0A\", \"text\": \"x\", \"reference\": \"r\"}"))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.details()).containsEntry("guard", "live-key"));
        assertThat(slack.getAllServeEvents()).isEmpty();
    }
}
