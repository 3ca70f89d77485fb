package io.autobiz.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * Slack's Web API as the workflow ITs stub it on {@link ProviderStubs}' server, and the properties that give the test
 * store a Slack channel (with a test-only bot token) on it.
 */
public final class SlackStubs {

    public static final String POST_MESSAGE = "/slack/api/chat.postMessage";

    /** The application's Slack Web API base, on the WireMock server ({@link WorkflowIT#PROVIDERS_URL}). */
    public static final String METHODS_URL = "autobiz.slack.methods-url=${" + WorkflowIT.PROVIDERS_URL + "}/slack/api/";

    /** A test-only bot token for the test store, so that its posts reach the WireMock server. */
    public static final String BOT_TOKEN =
            "autobiz.tenants.acme.secrets[slack.bot_token]=xoxb-it-fake-slack-token-for-wiremock";

    private SlackStubs() {}

    /** {@code slack.message.post}: every message is posted to {@code channel} as {@code ts}. */
    public static MappingBuilder posted(String channel, String ts) {
        return post(urlEqualTo(POST_MESSAGE))
                .willReturn(okJson("{\"ok\": true, \"channel\": \"%s\", \"ts\": \"%s\"}".formatted(channel, ts)));
    }

    /** What reached Slack as a message. */
    public static RequestPatternBuilder messages() {
        return postRequestedFor(urlEqualTo(POST_MESSAGE));
    }
}
