package io.autobiz.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class SandboxPageTest {

    private static Map<String, Object> overview(List<Map<String, Object>> shopifyOrders) {
        return Map.of(
                "shopify", Map.of("orders", shopifyOrders, "refunds", List.of()),
                "stripe", Map.of("paymentIntents", List.of(), "refunds", List.of()),
                "printful", Map.of("orders", List.of()),
                "sendgrid", Map.of("mails", List.of()),
                "slack", Map.of("messages", List.of()));
    }

    @Test
    @DisplayName("issue 21: the page lists orders newest first, escaped, each linking to its runs in Cockpit")
    void newestFirstEscapedAndLinked() {
        SandboxPage page = new SandboxPage(order -> order.equals("gid://shopify/Order/2")
                ? List.of(new SandboxPage.Run("WF01 Order fulfilment (completed)", "run-2"))
                : List.of());

        String html = page.render(overview(List.of(
                Map.of("id", "gid://shopify/Order/1", "name", "#1001", "email", "<b>a@example.com</b>"),
                Map.of("id", "gid://shopify/Order/2", "name", "#1002", "displayFinancialStatus", "PAID"))));

        assertThat(html.indexOf("#1002")).isLessThan(html.indexOf("#1001"));
        assertThat(html).contains("&lt;b&gt;a@example.com&lt;/b&gt;").doesNotContain("<b>a@example.com");
        assertThat(html)
                .contains("<a href=\"/camunda/app/cockpit/default/#/process-instance/run-2/runtime\">"
                        + "WF01 Order fulfilment (completed)</a>");
        assertThat(html).contains("<meta http-equiv=\"refresh\"");
    }

    @Test
    @DisplayName("issue 21: a browser's Accept gets the page; curl's wildcard and JSON clients get JSON")
    void onlyABrowserGetsThePage() {
        assertThat(SandboxOverviewController.prefersHtml(
                        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                .isTrue();
        assertThat(SandboxOverviewController.prefersHtml("*/*")).isFalse();
        assertThat(SandboxOverviewController.prefersHtml(null)).isFalse();
        assertThat(SandboxOverviewController.prefersHtml("application/json")).isFalse();
        assertThat(SandboxOverviewController.prefersHtml("application/json, text/html;q=0.5"))
                .isFalse();
    }
}
