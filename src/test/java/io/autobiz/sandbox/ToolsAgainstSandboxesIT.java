package io.autobiz.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.tools.ToolTestKit;
import io.autobiz.tools.shopify.ShopifyToolsFactory;
import io.autobiz.tools.stripe.StripeToolsFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The same tool code against the in-process Stripe and Shopify stand-ins over real HTTP (no engine; the stand-ins'
 * tables in an in-memory H2, store acme as the tool kit's):
 * the stand-ins keep state like the real services, and a replayed key changes nothing.
 */
@SpringBootTest(
        classes = ToolsAgainstSandboxesIT.SandboxesOnly.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"autobiz.sandbox.enabled=true", "spring.main.banner-mode=off"})
@IntegrationExternal
class ToolsAgainstSandboxesIT {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        ServletWebServerFactoryAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class
    })
    @ComponentScan({
        "io.autobiz.sandbox.stripe",
        "io.autobiz.sandbox.shopify",
        "io.autobiz.sandbox.sendgrid",
        "io.autobiz.sandbox.slack"
    })
    static class SandboxesOnly {
        private final SandboxDatabase database = new SandboxDatabase(ToolTestKit.stores(), ToolTestKit.SECRETS);

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        SandboxObjects sandboxObjects() {
            return database.objects();
        }

        @Bean
        SandboxAccounts sandboxAccounts() {
            return database.accounts();
        }
    }

    private static final TenantId ACME = TenantId.of("acme");

    @LocalServerPort
    int port;

    @Autowired
    StripeSandbox stripe;

    @Autowired
    ShopifySandbox shopify;

    @Autowired
    io.autobiz.sandbox.sendgrid.SendGridSandbox sendgrid;

    @Autowired
    io.autobiz.sandbox.slack.SlackSandbox slack;

    private ToolTestKit kit;

    @BeforeEach
    void kit() {
        kit = ToolTestKit.againstSandboxes(port);
    }

    /** Each distinct call carries its own kernel key, as the kernel makes them; a retry carries the same one. */
    private ToolTestKit.Call call(io.autobiz.kernel.tool.Tool tool, String input, String key) throws Exception {
        return kit.call(tool, input, java.util.Optional.of("autobiz:" + key), java.time.Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("P1-T20 P1-T22 P1-T39 authorize, partial capture and refunds through the tools: the refund ceiling"
            + " holds and the payment reads as refunded")
    void stripeLifecycle() throws Exception {
        StripeToolsFactory tools = new StripeToolsFactory(kit);
        var authorized = call(tools.authorize(), """
                {"orderId": "acme:order:1", "amount": 2500, "currency": "USD", "paymentMethodId": "pm_card_visa"}""", "authorize-1");
        String id = authorized.get("paymentIntentId").asText();
        assertThat(authorized.get("status").asText()).isEqualTo("requires_capture");

        var captured = call(tools.capture(), "{\"paymentIntentId\": \"" + id + "\", \"amount\": 2000}", "capture-1");
        assertThat(captured.get("amountReceived").asLong()).isEqualTo(2000);

        String refund = "{\"paymentIntentId\": \"" + id + "\", \"amount\": 1500, \"reference\": \"acme:refund:1\"}";
        call(tools.refund(), refund, "refund-1");
        call(tools.refund(), refund, "refund-1"); // the engine's retry: same kernel key
        assertThat(stripe.refundedOf(ACME, id)).isEqualTo(1500);

        assertThatThrownBy(() -> kit.call(
                        tools.refund(),
                        "{\"paymentIntentId\": \"" + id + "\", \"amount\": 600, \"reference\": \"acme:refund:2\"}",
                        java.util.Optional.of("autobiz:another-key-for-another-refund"),
                        java.time.Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED));
        var read = kit.call(tools.get(), "{\"paymentIntentId\": \"" + id + "\"}");
        assertThat(read.get("status").asText()).isEqualTo("succeeded");
        assertThat(read.get("amountReceived").asLong()).isEqualTo(2000);
        assertThat(read.get("amountRefunded").asLong())
                .as("the stand-in expands the latest charge, whose amount_refunded is what was refunded")
                .isEqualTo(1500);
    }

    @Test
    @DisplayName("P1-T24 P1-T39 Shopify update, idempotent refund record and cancel against the stand-in; the order"
            + " reads as cancelled afterwards")
    void shopifyLifecycle() throws Exception {
        String order = (String) shopify.placePaidOrder(
                        ACME,
                        "ada@example.com",
                        "USD",
                        new BigDecimal("25.00"),
                        List.of(new ShopifySandbox.Line("TSHIRT-BLK-M", "T-shirt", 1)),
                        Map.of(
                                "name",
                                "Ada",
                                "address1",
                                "1 Main St",
                                "city",
                                "Seattle",
                                "zip",
                                "98101",
                                "countryCodeV2",
                                "US"))
                .get("id");
        ShopifyToolsFactory tools = new ShopifyToolsFactory(kit);

        var updated = call(
                tools.update(),
                "{\"orderId\": \"" + order + "\", \"tags\": [\"autobiz\"], \"note\": \"hi\"}",
                "update-1");
        assertThat(updated.get("tags").get(0).asText()).isEqualTo("autobiz");

        String refund =
                "{\"orderId\": \"" + order + "\", \"amount\": 1000, \"currency\": \"USD\", \"reference\": \"re_1\"}";
        var first = call(tools.refund(), refund, "shopify-refund-1");
        var again = call(tools.refund(), refund, "shopify-refund-1");
        assertThat(again.get("refundId")).isEqualTo(first.get("refundId"));
        assertThat(shopify.refunds(ACME)).hasSize(1);

        String get = "{\"orderId\": \"" + order + "\"}";
        assertThat(kit.call(tools.get(), get).get("cancelled").asBoolean()).isFalse();
        call(tools.cancel(), "{\"orderId\": \"" + order + "\", \"reason\": \"CUSTOMER\"}", "cancel-1");
        var cancelled = kit.call(tools.get(), get);
        assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
        assertThat(cancelled.get("cancelledAt").asText()).isNotBlank();
        // Cancelling it again: Shopify answers "already cancelled", which is the state asked for, so a success.
        var cancelledAgain =
                call(tools.cancel(), "{\"orderId\": \"" + order + "\", \"reason\": \"CUSTOMER\"}", "cancel-2");
        assertThat(cancelledAgain.get("alreadyCancelled").asBoolean()).isTrue();
    }

    @Test
    @DisplayName(
            "P1-H04 a mail through the tool reaches the SendGrid stand-in in sandbox_mode, with the key in custom_args")
    void mailInSandboxMode() throws Exception {
        var sent = call(
                new io.autobiz.tools.sendgrid.SendGridMailSendTool(kit.providers, kit.tenants, kit.guard),
                """
                {"to": "ada@example.com", "template": "order-shipped", "reference": "acme:order:1"}""",
                "mail-1");

        assertThat(sent.get("sandbox").asBoolean()).isTrue();
        assertThat(sendgrid.mails()).hasSize(1);
        assertThat(sendgrid.mails().get(0).toString()).contains("ada@example.com");
    }

    @Test
    @DisplayName("P1-TASK-19 an approval message with Block Kit blocks reaches the Slack stand-in")
    void slackMessage() throws Exception {
        var tool = new io.autobiz.tools.slack.SlackMessagePostTool(
                new io.autobiz.tools.slack.SlackProperties("http://127.0.0.1:" + port + "/sandbox/slack/api/"),
                kit.guard);

        var posted = call(tool, """
                {"channel": "C0APPROVALS", "text": "Approve refund?",
                 "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Refund* $10.00"}}]}""", "slack-1");

        assertThat(posted.get("channel").asText()).isEqualTo("C0APPROVALS");
        assertThat(slack.messages())
                .singleElement()
                .satisfies(m -> assertThat(m.get("blocks").toString()).contains("mrkdwn"));
    }
}
