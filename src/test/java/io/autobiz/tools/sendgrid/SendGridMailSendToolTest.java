package io.autobiz.tools.sendgrid;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.tools.ToolTestKit;
import io.autobiz.tools.guard.SafetyProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The mail tool against WireMock: v3 mail/send JSON, sandbox_mode, the key in custom_args, recipient guard. */
@IntegrationExternal
class SendGridMailSendToolTest {

    private static final String SEND = "/sendgrid/v3/mail/send";
    private static WireMockServer sendgrid;
    private ToolTestKit kit;
    private SendGridMailSendTool tool;

    @BeforeAll
    static void start() {
        sendgrid = ProviderStubs.start();
    }

    @AfterAll
    static void stop() {
        sendgrid.stop();
    }

    @BeforeEach
    void reset() {
        sendgrid.resetAll();
        kit = ToolTestKit.against(sendgrid);
        tool = new SendGridMailSendTool(kit.providers, kit.tenants, kit.guard);
    }

    @Test
    @DisplayName("P1-H04 a templated mail goes out with sandbox_mode on and the external key in custom_args")
    void sendsInSandboxMode() throws Exception {
        sendgrid.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)));

        var call = kit.call(tool, """
                {"to": "ada@example.com", "template": "order-shipped", "reference": "acme:order:1001",
                 "data": {"orderName": "#1001", "trackingNumber": "9400111899223197428490"}}""");

        assertThat(call.get("sandbox").asBoolean()).isTrue();
        sendgrid.verify(postRequestedFor(urlEqualTo(SEND))
                .withHeader("Authorization", equalTo("Bearer SG.toolkit-fake"))
                .withRequestBody(matchingJsonPath("$.mail_settings.sandbox_mode.enable", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.template_id", equalTo("d-test-order-shipped")))
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo("ada@example.com")))
                .withRequestBody(
                        matchingJsonPath("$.personalizations[0].dynamic_template_data.orderName", equalTo("#1001")))
                .withRequestBody(matchingJsonPath("$.custom_args.autobiz_key", equalTo(ToolTestKit.KEY))));
        assertThat(call.usage().providerCalls()).containsExactly("sendgrid");
    }

    @Test
    @DisplayName("P1-H03 a recipient outside the allowed domains is refused before anything is sent")
    void realRecipientRefused() {
        ToolTestKit onlyExampleCom = ToolTestKit.against(
                sendgrid,
                Map.of(),
                new SafetyProperties(
                        List.of(), List.of(), ToolTestKit.safety().sandboxHosts(), List.of("example.com")));
        SendGridMailSendTool guarded =
                new SendGridMailSendTool(onlyExampleCom.providers, onlyExampleCom.tenants, onlyExampleCom.guard);

        assertThatThrownBy(() -> onlyExampleCom.call(guarded, """
                        {"to": "someone@example.org", "template": "order-shipped", "reference": "acme:order:1001"}""")).isInstanceOfSatisfying(KernelError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
            assertThat(e.details()).containsEntry("guard", "mail-recipient");
        });
        assertThat(sendgrid.getAllServeEvents()).isEmpty();
    }

    @Test
    @DisplayName("P1-T19 a 503 from SendGrid is PROVIDER_UNAVAILABLE after one request; 429 as well")
    void serverErrorAndThrottling() {
        sendgrid.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(503)));
        String input = """
                {"to": "ada@example.com", "template": "order-shipped", "reference": "acme:order:1001"}""";

        assertThatThrownBy(() -> kit.call(tool, input))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        sendgrid.verify(1, postRequestedFor(urlEqualTo(SEND)));

        sendgrid.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(429)));
        assertThatThrownBy(() -> kit.call(tool, input))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }

    @Test
    @DisplayName("P1-T19 a 400 from SendGrid is PROVIDER_REJECTED")
    void clientError() {
        sendgrid.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400)));

        assertThatThrownBy(() -> kit.call(tool, """
                        {"to": "ada@example.com", "template": "order-shipped", "reference": "acme:order:1001"}"""))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED));
    }

    @Test
    @DisplayName("SOAK-INV-01 a send SendGrid took but answered too late is TOOL_TIMEOUT, which the contract records"
            + " as an unknown outcome instead of sending again")
    void lateAnswerIsAnUnknownOutcome() {
        sendgrid.stubFor(
                post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(202).withFixedDelay(3_000)));

        assertThatThrownBy(() ->
                        kit.call(tool, """
                        {"to": "ada@example.com", "template": "order-shipped", "reference": "acme:order:1001"}""", java.util.Optional.of(ToolTestKit.KEY), java.time.Duration.ofMillis(500)))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOL_TIMEOUT));
        // WireMock journals the request once its late answer is out.
        await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> sendgrid.verify(1, postRequestedFor(urlEqualTo(SEND))));
        assertThat(tool.contract().outcomeWhenUnknown())
                .hasValueSatisfying(
                        unknown -> assertThat(unknown.path("outcome").asText()).isEqualTo("unknown"));
    }
}
