package io.autobiz.tools.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.MailSettings;
import com.sendgrid.helpers.mail.objects.Personalization;
import com.sendgrid.helpers.mail.objects.Setting;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.tenancy.TenantSettings;
import io.autobiz.tools.ExternalKeys;
import io.autobiz.tools.ProviderProperties;
import io.autobiz.tools.ToolSchemas;
import io.autobiz.tools.guard.SandboxGuard;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.NoConnectionReuseStrategy;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.springframework.stereotype.Component;

/**
 * Sends one templated mail to one customer. SendGrid has no idempotency key, so the kernel's external key travels in
 * {@code custom_args} (visible in SendGrid's events) and the kernel's idempotency store keeps a retried step from
 * sending twice. For the same reason a send that timed out after SendGrid may have taken it is an unknown outcome, not
 * a failure: the contract is at most once, so the kernel records it ({@code outcome: unknown}, a receipt,
 * {@code tool_invocation_total{outcome="outcome_unknown"}}) and does not send again, and the workflow goes on. A refusal
 * before SendGrid took the mail (503, 429, no connection) is retried as usual. For a store that is not live, {@code sandbox_mode} is forced on and only allowlisted recipient domains
 * are accepted (the sandbox guard). Mail cannot be recalled: there is no compensation, which is why it comes last in a
 * step sequence.
 */
@Component
public class SendGridMailSendTool implements Tool {

    private static final ToolContract CONTRACT = ToolSchemas.contract("sendgrid.mail.send", 1)
            .description("SendGrid: send a templated mail")
            .sideEffect(SideEffect.WRITE)
            .scope("mail:send")
            .timeout(Duration.ofSeconds(10))
            .intent("to", "template", "reference")
            .dependency("sendgrid")
            .atMostOnce(Json.object().put("accepted", false).put("outcome", "unknown"))
            .build();

    private final ProviderProperties providers;
    private final TenantDirectory tenants;
    private final SandboxGuard guard;
    /**
     * One client per timeout (the contract's: in practice one), built once: building one per mail cost a fifth of the
     * provider calls' CPU in the WF01 profile (docs/performance.md, P3). SendGrid's {@link Client}, not only the HTTP
     * client, is what is kept: its finalizer closes the HTTP client it was given.
     */
    private final Map<Duration, Client> clients = new ConcurrentHashMap<>();

    public SendGridMailSendTool(ProviderProperties providers, TenantDirectory tenants, SandboxGuard guard) {
        this.providers = providers;
        this.tenants = tenants;
        this.guard = guard;
    }

    @Override
    public ToolContract contract() {
        return CONTRACT;
    }

    @Override
    public ObjectNode invoke(ToolInvocation invocation) throws IOException {
        TenantSettings store = tenants.require(invocation.tenant());
        JsonNode input = invocation.input();
        guard.requireRecipientAllowed(invocation.tenant(), input.get("to").asText());
        String template = input.get("template").asText();
        String templateId = store.mailTemplates().get(template);
        if (templateId == null) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_REJECTED,
                    "tenant " + invocation.tenant() + " has no SendGrid template for '" + template + "'",
                    Map.of("provider", "sendgrid", "template", template));
        }
        Mail mail = new Mail();
        mail.setFrom(new Email(store.mailFrom()));
        mail.setTemplateId(templateId);
        Personalization to = new Personalization();
        to.addTo(new Email(input.get("to").asText()));
        for (Map.Entry<String, JsonNode> field : input.path("data").properties()) {
            to.addDynamicTemplateData(field.getKey(), field.getValue().asText());
        }
        mail.addPersonalization(to);
        mail.addCustomArg("correlation_id", invocation.correlationId());
        mail.addCustomArg("autobiz_key", ExternalKeys.of(invocation, CONTRACT));
        boolean sandbox = guard.mailSandboxMode(invocation.tenant(), providers.sendgridSandboxMode());
        MailSettings settings = new MailSettings();
        Setting sandboxMode = new Setting();
        sandboxMode.setEnable(sandbox);
        settings.setSandboxMode(sandboxMode);
        mail.setMailSettings(settings);

        Request request = new Request();
        request.setMethod(Method.POST);
        request.setEndpoint("mail/send");
        request.setBody(mail.build());
        request.addHeader("X-Correlation-Id", invocation.correlationId());
        invocation.usage().recordProviderCall("sendgrid");
        Response response;
        try {
            Client client = clients.computeIfAbsent(
                    invocation.timeout(), timeout -> new Client(httpClient(timeout), providers.sendgridPlainHttp()));
            SendGrid sendGrid = new SendGrid(invocation.credentials().require("api_key"), client);
            sendGrid.setHost(providers.sendgridHost());
            sendGrid.setVersion(providers.sendgridPathPrefix() + "v3");
            response = sendGrid.api(request);
        } catch (SocketTimeoutException e) {
            // The request was sent and no answer came: SendGrid may have taken the mail (the kernel records it).
            throw KernelError.of(
                    ErrorCode.TOOL_TIMEOUT,
                    "sendgrid did not answer in time; whether it took the mail is unknown",
                    Map.of("provider", "sendgrid"),
                    e);
        } catch (IOException e) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    "sendgrid could not be reached: " + e.getClass().getSimpleName(),
                    Map.of("provider", "sendgrid"),
                    e);
        }
        int status = response.getStatusCode();
        if (status == 429 || status >= 500) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    "sendgrid answered HTTP " + status,
                    Map.of("provider", "sendgrid", "status", status));
        }
        if (status >= 400) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_REJECTED,
                    "sendgrid refused the mail with HTTP " + status,
                    Map.of("provider", "sendgrid", "status", status));
        }
        ObjectNode output = Json.object().put("accepted", true).put("sandbox", sandbox);
        String messageId =
                response.getHeaders() == null ? null : response.getHeaders().get("X-Message-Id");
        if (messageId != null) {
            output.put("messageId", messageId);
        }
        return output;
    }

    /**
     * Every mail still goes over a connection of its own, as when each mail built its client: a pooled connection that
     * SendGrid had closed would fail after the request was written, and whether the mail was taken would then be
     * unknown where today it is a clean "could not be reached". No pool limit either, as before.
     */
    private static CloseableHttpClient httpClient(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(Math.min(millis, 5_000))
                        .setSocketTimeout(millis)
                        .setConnectionRequestTimeout(millis)
                        .build())
                .setConnectionReuseStrategy(NoConnectionReuseStrategy.INSTANCE)
                .setMaxConnPerRoute(Integer.MAX_VALUE)
                .setMaxConnTotal(Integer.MAX_VALUE)
                .disableAutomaticRetries()
                .build();
    }

    @PreDestroy
    void close() throws IOException {
        for (Client client : clients.values()) {
            client.close();
        }
        clients.clear();
    }
}
