package io.autobiz.tools.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.util.http.SlackHttpClient;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ToolSchemas;
import io.autobiz.tools.guard.SandboxGuard;
import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Posts a message (text and optional Block Kit blocks) to a channel, as the store's bot. Slack has no idempotency key,
 * so the kernel's idempotency store is what keeps a retried step from posting twice. A posted message is not
 * compensated (approvals update it instead).
 */
@Component
public class SlackMessagePostTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("slack.message.post", 1)
            .description("Slack: post a message")
            .sideEffect(SideEffect.WRITE)
            .scope("chat:write")
            .timeout(java.time.Duration.ofSeconds(10))
            .intent("channel", "reference", "text", "blocks")
            .dependency("slack")
            .build();

    private final SlackProperties properties;
    private final SandboxGuard guard;

    public SlackMessagePostTool(SlackProperties properties, SandboxGuard guard) {
        this.properties = properties;
        this.guard = guard;
        guard.checkBaseUrl("slack", properties.methodsUrl());
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) {
        JsonNode input = invocation.input();
        String token = invocation.credentials().require("bot_token");
        guard.requireTestKey(invocation.tenant(), "slack", token);
        String blocks = input.hasNonNull("blocks") ? blocks(input.get("blocks")) : null;
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(properties.methodsUrl());
        config.setPrettyResponseLoggingEnabled(false);
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(invocation.timeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
        Slack slack = Slack.getInstance(config, new SlackHttpClient(http));
        invocation.usage().recordProviderCall("slack");
        ChatPostMessageResponse response;
        try {
            response = slack.methods(token).chatPostMessage(request -> {
                request.channel(input.get("channel").asText())
                        .text(input.get("text").asText());
                if (blocks != null) {
                    request.blocksAsString(blocks);
                }
                return request;
            });
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            throw KernelError.of(
                    status == 429 || status >= 500 ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.PROVIDER_REJECTED,
                    "slack answered HTTP " + status,
                    Map.of("provider", "slack", "status", status),
                    e);
        } catch (IOException e) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    "slack could not be reached: " + e.getClass().getSimpleName(),
                    Map.of("provider", "slack"),
                    e);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        if (!response.isOk()) {
            String error = response.getError() == null ? "" : response.getError();
            boolean passing = error.equals("ratelimited")
                    || error.equals("service_unavailable")
                    || error.equals("internal_error")
                    || error.equals("fatal_error");
            throw KernelError.of(
                    passing ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.PROVIDER_REJECTED,
                    "slack refused chat.postMessage: " + error,
                    Map.of("provider", "slack", "code", error));
        }
        return Json.object().put("channel", response.getChannel()).put("ts", response.getTs());
    }

    /**
     * Block Kit is an open structure that a closed schema cannot describe, so the schema stops at "an array" and here
     * the blocks must at least be objects that each name their {@code type}.
     */
    static String blocks(JsonNode parsed) {
        if (!parsed.isArray() || parsed.isEmpty() || parsed.size() > 50) {
            throw invalidBlocks("must be an array of 1 to 50 blocks");
        }
        for (JsonNode block : parsed) {
            if (!block.isObject() || !block.path("type").isTextual()) {
                throw invalidBlocks("has a block without a type");
            }
        }
        return Json.write(parsed);
    }

    private static KernelError invalidBlocks(String why) {
        return KernelError.of(ErrorCode.SCHEMA_INVALID, "slack.message.post blocks " + why, Map.of("field", "blocks"));
    }
}
