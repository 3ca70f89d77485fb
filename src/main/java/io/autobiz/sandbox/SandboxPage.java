package io.autobiz.sandbox;

import io.autobiz.kernel.tenant.ShopifyIds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /sandbox} for a browser: one table per stand-in, newest first, each order, payment and Printful order with
 * its status and links to the workflow runs of its Shopify order in Cockpit; the page reloads itself every few
 * seconds, so a run can be watched. Every value is escaped: the stand-ins hold what requests sent them.
 */
final class SandboxPage {

    static final int REFRESH_SECONDS = 5;
    private static final String COCKPIT = "/camunda/app/cockpit/default/#/process-instance/";

    /** A workflow run that concerns an order, for its Cockpit link. */
    record Run(String workflow, String instanceId) {}

    private final Function<String, List<Run>> runsOfOrder;

    /** @param runsOfOrder the runs of a Shopify order (by its GID), newest first */
    SandboxPage(Function<String, List<Run>> runsOfOrder) {
        this.runsOfOrder = runsOfOrder;
    }

    @SuppressWarnings("unchecked")
    String render(Map<String, Object> overview) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"")
                .append(REFRESH_SECONDS)
                .append("\"><title>AutoBiz sandbox providers</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}")
                .append("table{border-collapse:collapse;margin-bottom:2rem;min-width:40rem}")
                .append("th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}")
                .append("th{background:#f3f3f3}caption{text-align:left;font-weight:600;padding:.3rem 0}")
                .append("</style></head><body>\n<h1>Sandbox providers</h1>\n")
                .append("<p>What the stand-ins for Shopify, Stripe, Printful, SendGrid and Slack hold, newest first."
                        + " Refreshes every ")
                .append(REFRESH_SECONDS)
                .append(" s. The same as JSON: <code>curl localhost:8080/sandbox</code>.</p>\n");

        Map<String, Object> shopify = (Map<String, Object>) overview.get("shopify");
        table(
                html,
                "shopify-orders",
                "Shopify orders",
                List.of("Order", "Status", "Customer", "Runs"),
                newestFirst(shopify.get("orders")),
                order -> List.of(
                        text(order.get("name")) + "<br><small>" + text(order.get("id")) + "</small>",
                        text(order.get("displayFinancialStatus"))
                                + (order.get("cancelledAt") != null ? " (cancelled)" : ""),
                        text(order.get("email")),
                        runLinks((String) order.get("id"))));
        table(
                html,
                "shopify-refunds",
                "Shopify refunds",
                List.of("Refund", "Order", "Amount", "Runs"),
                newestFirst(shopify.get("refunds")),
                refund -> List.of(
                        text(refund.get("id")),
                        text(refund.get("orderId")),
                        text(refund.get("amount")),
                        runLinks((String) refund.get("orderId"))));

        Map<String, Object> stripe = (Map<String, Object>) overview.get("stripe");
        table(
                html,
                "stripe-payments",
                "Stripe payment intents",
                List.of("Payment", "Status", "Amount", "Received", "Order", "Runs"),
                newestFirst(stripe.get("paymentIntents")),
                intent -> {
                    String order = orderOf(intent);
                    return List.of(
                            text(intent.get("id")),
                            text(intent.get("status")),
                            money(intent.get("amount"), intent.get("currency")),
                            money(intent.get("amount_received"), intent.get("currency")),
                            text(order),
                            runLinks(order));
                });
        table(
                html,
                "stripe-refunds",
                "Stripe refunds",
                List.of("Refund", "Status", "Amount", "Payment"),
                newestFirst(stripe.get("refunds")),
                refund -> List.of(
                        text(refund.get("id")),
                        text(refund.get("status")),
                        money(refund.get("amount"), refund.get("currency")),
                        text(refund.get("payment_intent"))));

        Map<String, Object> printful = (Map<String, Object>) overview.get("printful");
        table(
                html,
                "printful-orders",
                "Printful orders",
                List.of("Order", "External ID", "Status", "Shipments", "Runs"),
                newestFirst(printful.get("orders")),
                order -> {
                    String external = Objects.toString(order.get("external_id"), "");
                    String shopifyOrder = ShopifyIds.orderNumberOfExternalId(external)
                            .map(ShopifyIds::orderGid)
                            .orElse(null);
                    return List.of(
                            text(order.get("id")),
                            text(external),
                            text(order.get("status")),
                            shipments(order.get("shipments")),
                            runLinks(shopifyOrder));
                });

        Map<String, Object> sendgrid = (Map<String, Object>) overview.get("sendgrid");
        table(
                html,
                "sendgrid-mails",
                "SendGrid mails (sandbox mode: validated, never delivered)",
                List.of("Sent", "To", "Template", "Order"),
                newestFirst(sendgrid.get("mails")),
                mail -> List.of(
                        text(mail.get("at")),
                        text(mail.get("to")),
                        text(mail.get("templateId")),
                        text(field(mail.get("data"), "orderName"))));

        Map<String, Object> slack = (Map<String, Object>) overview.get("slack");
        table(
                html,
                "slack-messages",
                "Slack messages",
                List.of("Channel", "Time", "Text"),
                newestFirst(slack.get("messages")),
                message -> List.of(text(message.get("channel")), text(message.get("ts")), text(message.get("text"))));

        return html.append("</body></html>\n").toString();
    }

    private static void table(
            StringBuilder html,
            String id,
            String caption,
            List<String> headings,
            List<Map<String, Object>> rows,
            Function<Map<String, Object>, List<String>> cells) {
        html.append("<table id=\"").append(id).append("\"><caption>").append(HtmlUtils.htmlEscape(caption));
        html.append(" (").append(rows.size()).append(")</caption>\n<tr>");
        for (String heading : headings) {
            html.append("<th>").append(HtmlUtils.htmlEscape(heading)).append("</th>");
        }
        html.append("</tr>\n");
        if (rows.isEmpty()) {
            html.append("<tr><td colspan=\"").append(headings.size()).append("\">none yet</td></tr>\n");
        }
        for (Map<String, Object> row : rows) {
            html.append("<tr>");
            for (String cell : cells.apply(row)) {
                html.append("<td>").append(cell).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** The stand-ins list in the order things happened; a person wants the newest on top. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> newestFirst(Object rows) {
        List<Map<String, Object>> reversed = new ArrayList<>((List<Map<String, Object>>) rows);
        Collections.reverse(reversed);
        return reversed;
    }

    private String runLinks(String shopifyOrder) {
        if (shopifyOrder == null || shopifyOrder.isEmpty()) {
            return "";
        }
        List<String> links = new ArrayList<>();
        for (Run run : runsOfOrder.apply(shopifyOrder)) {
            links.add("<a href=\"" + COCKPIT + HtmlUtils.htmlEscape(run.instanceId()) + "/runtime\">"
                    + HtmlUtils.htmlEscape(run.workflow()) + "</a>");
        }
        return String.join("<br>", links);
    }

    private static String orderOf(Map<String, Object> intent) {
        return intent.get("metadata") instanceof Map<?, ?> metadata
                        && metadata.get("shopify_order") instanceof String id
                ? id
                : "";
    }

    private static String shipments(Object shipments) {
        if (!(shipments instanceof List<?> list) || list.isEmpty()) {
            return "";
        }
        List<String> tracking = new ArrayList<>();
        for (Object shipment : list) {
            tracking.add(text(field(shipment, "carrier")) + " " + text(field(shipment, "tracking_number")));
        }
        return String.join("<br>", tracking);
    }

    private static Object field(Object object, String name) {
        if (object instanceof Map<?, ?> map) {
            return map.get(name);
        }
        if (object instanceof com.fasterxml.jackson.databind.JsonNode node && node.hasNonNull(name)) {
            return node.get(name).asText();
        }
        return null;
    }

    private static String money(Object minorUnits, Object currency) {
        if (!(minorUnits instanceof Number amount)) {
            return text(minorUnits);
        }
        return HtmlUtils.htmlEscape(String.format(
                java.util.Locale.ROOT,
                "%d.%02d %s",
                amount.longValue() / 100,
                Math.abs(amount.longValue() % 100),
                Objects.toString(currency, "").toUpperCase(java.util.Locale.ROOT)));
    }

    private static String text(Object value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value.toString());
    }
}
