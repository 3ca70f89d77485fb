package io.autobiz.sandbox;

import io.autobiz.sandbox.printful.PrintfulSandbox;
import io.autobiz.sandbox.sendgrid.SendGridSandbox;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.slack.SlackSandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /sandbox}: what each stand-in holds, so a newcomer can see the effects of a run. */
@RestController
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class SandboxOverviewController {

    private final StripeSandbox stripe;
    private final ShopifySandbox shopify;
    private final PrintfulSandbox printful;
    private final SendGridSandbox sendgrid;
    private final SlackSandbox slack;

    SandboxOverviewController(
            StripeSandbox stripe,
            ShopifySandbox shopify,
            PrintfulSandbox printful,
            SendGridSandbox sendgrid,
            SlackSandbox slack) {
        this.stripe = stripe;
        this.shopify = shopify;
        this.printful = printful;
        this.sendgrid = sendgrid;
        this.slack = slack;
    }

    @GetMapping("/sandbox")
    Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("stripe", Map.of("paymentIntents", stripe.paymentIntents(), "refunds", stripe.refunds()));
        overview.put("shopify", Map.of("orders", shopify.orders(), "refunds", shopify.refunds()));
        overview.put("printful", Map.of("orders", printful.orders()));
        overview.put("sendgrid", Map.of("mails", sendgrid.mails()));
        overview.put("slack", Map.of("messages", slack.messages()));
        return overview;
    }
}
