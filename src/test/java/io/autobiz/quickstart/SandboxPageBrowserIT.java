package io.autobiz.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.E2eBrowser;
import io.autobiz.testsupport.QuickStartInstance;
import io.autobiz.testsupport.QuickStartTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: {@code /sandbox} is a page for a browser and stays JSON for curl. Headless Chromium opens it right after a
 * demo order is placed and finds that order on top of the Shopify table, with its status and a Cockpit link. The
 * screenshot is kept at {@code src/target/sandbox-page.png}. Needs the same browser setup as
 * {@link RefundApprovalBrowserIT}.
 */
@QuickStartTest
@IntegrationExternal
class SandboxPageBrowserIT {

    private static final QuickStartInstance APP = QuickStartInstance.of(SandboxPageBrowserIT.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @DisplayName("issue 21: a browser opening /sandbox sees the order it just placed, with status and Cockpit link")
    void browserSeesTheOrderItJustPlaced() throws Exception {
        E2eBrowser.assumeAvailable();
        HttpResponse<String> placed = APP.post("/demo/orders", "");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String orderName = Json.parse(placed.body()).get("orderName").asText();

        Path screenshot = E2eBrowser.ROOT.resolve("src/target/sandbox-page.png");
        E2eBrowser.Outcome browser = E2eBrowser.run(
                "sandbox-page.mjs",
                "--base",
                APP.baseUrl(),
                "--order-name",
                orderName,
                "--screenshot",
                screenshot.toString());

        assertThat(browser.finished())
                .as("the browser finished: " + browser.output())
                .isTrue();
        assertThat(browser.exitValue()).as(browser.output()).isZero();
        assertThat(screenshot).exists();
    }

    @Test
    @DisplayName("issue 21: curl and JSON clients keep getting /sandbox as JSON")
    void curlAndJsonClientsGetJson() throws Exception {
        HttpResponse<String> placed = APP.post("/demo/orders", "");
        String orderId = Json.parse(placed.body()).get("orderId").asText();

        for (String accept : new String[] {"*/*", "application/json", null}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/sandbox"));
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode orders = Json.parse(answer.body()).at("/shopify/orders");
            assertThat(orders.findValuesAsText("id")).contains(orderId);
        }
    }
}
