package io.autobiz.sandbox;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.printful.PrintfulSandbox;
import io.autobiz.sandbox.sendgrid.SendGridSandbox;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.slack.SlackSandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /sandbox}: what each stand-in holds, so a newcomer can see the effects of a run. A browser (one that
 * prefers {@code text/html}) gets {@link SandboxPage}; curl and JSON clients get the JSON.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class SandboxOverviewController {

    private final StripeSandbox stripe;
    private final ShopifySandbox shopify;
    private final PrintfulSandbox printful;
    private final SendGridSandbox sendgrid;
    private final SlackSandbox slack;
    private final SandboxObjects objects;
    private final SandboxPage page;

    SandboxOverviewController(
            StripeSandbox stripe,
            ShopifySandbox shopify,
            PrintfulSandbox printful,
            SendGridSandbox sendgrid,
            SlackSandbox slack,
            SandboxObjects objects,
            @Lazy HistoryService history) {
        this.stripe = stripe;
        this.shopify = shopify;
        this.printful = printful;
        this.sendgrid = sendgrid;
        this.slack = slack;
        this.objects = objects;
        this.page = new SandboxPage(order -> runsOf(history, order));
    }

    @GetMapping("/sandbox")
    ResponseEntity<?> overview(@RequestHeader(name = "Accept", required = false) String accept) {
        if (prefersHtml(accept)) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page.render(overview()));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(overview());
    }

    /** A browser names text/html before any JSON; curl sends a wildcard, and keeps getting JSON as it always did. */
    static boolean prefersHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
        accepted.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : accepted) {
            if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                return false;
            }
        }
        return false;
    }

    /** The workflow runs whose business key is this order (WF01, WF02), newest first, as the page links them. */
    private static List<SandboxPage.Run> runsOf(HistoryService history, String order) {
        return history
                .createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(order)
                .orderByProcessInstanceStartTime()
                .desc()
                .listPage(0, 10)
                .stream()
                .map(run -> new SandboxPage.Run(nameOf(run), run.getId()))
                .toList();
    }

    private static String nameOf(HistoricProcessInstance run) {
        String name = run.getProcessDefinitionName();
        return (name == null ? run.getProcessDefinitionKey() : name) + " ("
                + run.getState().toLowerCase() + ")";
    }

    private Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        List<Map<String, Object>> intents = new ArrayList<>();
        List<Map<String, Object>> stripeRefunds = new ArrayList<>();
        List<Map<String, Object>> orders = new ArrayList<>();
        List<Map<String, Object>> shopifyRefunds = new ArrayList<>();
        for (TenantId store : objects.stores()) {
            intents.addAll(stripe.paymentIntents(store));
            stripeRefunds.addAll(stripe.refunds(store));
            orders.addAll(shopify.orders(store));
            shopifyRefunds.addAll(shopify.refunds(store));
        }
        overview.put("stripe", Map.of("paymentIntents", intents, "refunds", stripeRefunds));
        overview.put("shopify", Map.of("orders", orders, "refunds", shopifyRefunds));
        overview.put("printful", Map.of("orders", printful.orders()));
        overview.put("sendgrid", Map.of("mails", sendgrid.mails()));
        overview.put("slack", Map.of("messages", slack.messages()));
        return overview;
    }
}
