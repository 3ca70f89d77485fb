package io.autobiz.golden;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.autobiz.testsupport.ProviderStubs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the providers (WireMock on loopback, the workflow ITs' stand-ins) know in one case run: one order of the run's
 * own number {@code n}, its Stripe payment {@code pi_golden<n>}, its Printful order {@code printfulId(n)}, and every
 * write answered as the provider answers it. The {@code given} of a case changes the order's and payment's status.
 */
final class GoldenWorld {

    /** Slower than any tool waits for its provider in the golden suite's context (the LLM's timeout is PT2S). */
    static final int TIMEOUT_DELAY_MS = 4_000;

    static final String GRAPHQL = "/shopify/admin/api/2025-10/graphql.json";
    static final String CUSTOMER_EMAIL = GoldenRunner.CUSTOMER_EMAIL;

    private GoldenWorld() {}

    static String orderGid(long n) {
        return GoldenRunner.orderGid(n);
    }

    static String paymentIntent(long n) {
        return GoldenRunner.paymentIntent(n);
    }

    static long printfulId(long n) {
        return GoldenRunner.printfulId(n);
    }

    static void stub(WireMockServer providers, long n, GoldenCase.Given given) {
        GoldenCase.Order order = given.order() == null ? new GoldenCase.Order("AUTHORIZED", "25.00") : given.order();
        GoldenCase.Payment payment =
                given.payment() == null ? new GoldenCase.Payment("requires_capture", 2500L) : given.payment();
        long amount = payment.amount() == null ? 2500L : payment.amount();
        String pi = paymentIntent(n);
        long printful = printfulId(n);

        ProviderStubs.stubShopifyOrder(
                providers, n, order.financialStatus(), order.total() == null ? "25.00" : order.total());
        ProviderStubs.stubStripePayment(providers, pi, orderGid(n), amount, "usd", payment.status());
        String intent = """
                {"id":"%s","object":"payment_intent","amount":%d,"amount_capturable":0,"amount_received":%d,
                 "capture_method":"manual","currency":"usd","livemode":false,"metadata":{"order_id":"%s"},
                 "status":"%%s"}""".formatted(pi, amount, amount, orderGid(n));
        var capture = post(urlEqualTo("/stripe/v1/payment_intents/" + pi + "/capture"))
                .willReturn(okJson(intent.formatted("succeeded")));
        GoldenCase.StripeTruth afterCapture = given.stripeAfterCapture();
        if (afterCapture != null) {
            // Once captured, Stripe's payment reads as the case says (what the closeout compares with AutoBiz's own).
            String scenario = "stripe-" + pi;
            capture = capture.inScenario(scenario).willSetStateTo("captured");
            providers.stubFor(settled(
                            pi,
                            afterCapture.received() == null ? amount : afterCapture.received(),
                            afterCapture.refunded() == null ? 0 : afterCapture.refunded())
                    .inScenario(scenario)
                    .whenScenarioStateIs("captured"));
        }
        providers.stubFor(capture);
        providers.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/" + pi + "/cancel"))
                .willReturn(okJson(intent.formatted("canceled")
                        .replace("\"amount_received\":" + amount, "\"amount_received\":0"))));
        providers.stubFor(post(urlEqualTo("/stripe/v1/refunds")).willReturn(okJson("""
                {"id":"re_golden%d","object":"refund","amount":%d,"currency":"usd","payment_intent":"%s",
                 "status":"succeeded"}""".formatted(n, amount, pi))));

        providers.stubFor(post(urlEqualTo("/printful/v2/orders"))
                .withRequestBody(matchingJsonPath("$.external_id", equalTo("shopify-" + n)))
                .willReturn(okJson("{\"data\":{\"id\":%d,\"external_id\":\"shopify-%d\",\"status\":\"draft\"}}"
                        .formatted(printful, n))));
        providers.stubFor(post(urlEqualTo("/printful/v2/orders/" + printful + "/confirmation"))
                .willReturn(okJson("{\"data\":{\"id\":%d,\"status\":\"pending\"}}".formatted(printful))));
        String printfulStatus = given.printful() == null ? "pending" : given.printful();
        String printfulOrder = """
                {"data":{"id":%d,"external_id":"shopify-%d","store_id":4242,"status":"%s"}}""".formatted(printful, n, printfulStatus);
        providers.stubFor(get(urlEqualTo("/printful/v2/orders/" + printful)).willReturn(okJson(printfulOrder)));
        List<String> reads = given.printfulReads() == null ? List.of() : given.printfulReads();
        for (int i = 0; i < reads.size(); i++) {
            var read = get(urlEqualTo("/printful/v2/orders/" + printful))
                    .atPriority(2)
                    .inScenario("printful-reads")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "read-" + i)
                    .willReturn(okJson(
                            "{\"data\":{\"id\":%d,\"external_id\":\"shopify-%d\",\"store_id\":4242,\"status\":\"%s\"}}"
                                    .formatted(printful, n, reads.get(i))));
            if (i < reads.size() - 1) {
                read = read.willSetStateTo("read-" + (i + 1));
            }
            providers.stubFor(read);
        }
        providers.stubFor(get(urlEqualTo("/printful/v2/orders/@shopify-" + n)).willReturn(okJson(printfulOrder)));
        providers.stubFor(delete(urlEqualTo("/printful/v2/orders/" + printful))
                .willReturn(okJson("{\"data\":{\"id\":%d,\"status\":\"canceled\"}}".formatted(printful))));
        providers.stubFor(get(urlEqualTo("/printful/v2/orders/" + printful + "/shipments"))
                .willReturn(okJson(
                        Boolean.FALSE.equals(given.shipped())
                                ? "{\"data\": []}"
                                : """
                        {"data": [{"id": %d, "order_id": %d, "carrier": "USPS", "service": "USPS Ground Advantage",
                          "shipment_status": "shipped", "tracking_number": "9400%d",
                          "tracking_url": "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400%d",
                          "shipped_at": "2026-11-23T10:00:00Z"}]}""".formatted(printful * 10 + 1, printful, n, n))));

        providers.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizRefundCreate")))
                .willReturn(okJson("""
                        {"data":{"refundCreate":{"refund":{"id":"gid://shopify/Refund/%d",
                          "totalRefundedSet":{"shopMoney":{"amount":"25.00","currencyCode":"USD"}}},"userErrors":[]}},
                         "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""".formatted(n))));
        providers.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderCancel")))
                .willReturn(okJson("""
                        {"data":{"orderCancel":{"job":{"id":"gid://shopify/Job/%d","done":false},
                          "orderCancelUserErrors":[]}},
                         "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""".formatted(n))));
        // Only WF07's repair of a lost shipment writes the order (its tracking and the "shipped" tag).
        providers.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderUpdate")))
                .willReturn(okJson("""
                        {"data":{"orderUpdate":{"order":{"id":"%s","tags":["shipped"],"note":"Shipped"},
                          "userErrors":[]}},
                         "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""".formatted(orderGid(n)))));
        providers.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderByName")))
                .withRequestBody(matchingJsonPath("$.variables.query", equalTo("name:#" + n)))
                .willReturn(okJson("""
                        {"data":{"orders":{"nodes":[{"id":"%s","name":"#%d",
                          "email":"%s","displayFinancialStatus":"PAID",
                          "totalPriceSet":{"shopMoney":{"amount":"25.00","currencyCode":"USD"}},
                          "lineItems":{"nodes":[{"sku":"TSHIRT-BLK-M","title":"T-shirt","quantity":1}]},
                          "shippingAddress":{"name":"Ada Lovelace","address1":"12 Analytical Row","address2":null,
                            "city":"Portland","provinceCode":"OR","zip":"97201","countryCodeV2":"US"}}]}},
                         "extensions":{"cost":{"requestedQueryCost":3,"actualQueryCost":3}}}""".formatted(orderGid(n), n, CUSTOMER_EMAIL))));
        providers.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderByName")))
                .withRequestBody(matchingJsonPath("$.variables.query", equalTo("name:#404")))
                .willReturn(okJson("{\"data\":{\"orders\":{\"nodes\":[]}},\"extensions\":{\"cost\":{}}}")));

        providers.stubFor(post(urlEqualTo("/sendgrid/v3/mail/send"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Message-Id", "msg-golden-" + n)));
        providers.stubFor(post(urlPathEqualTo("/slack/api/chat.postMessage"))
                .willReturn(okJson(
                        "{\"ok\":true,\"channel\":\"C0GOLDEN\",\"ts\":\"1764000000.%06d\"}".formatted(n % 1_000_000))));

        String orderName = "unknown".equals(given.llm()) ? "#404" : "#" + n;
        providers.stubFor(post(urlEqualTo("/llm/primary/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Read the customer's message")))
                .willReturn(okJson(cassette("wismo-intent-primary").replace("#1001", orderName))));
        providers.stubFor(post(urlEqualTo("/llm/fallback/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Read the customer's message")))
                .willReturn(okJson(cassette("wismo-intent-fallback").replace("1001", orderName.substring(1)))));
        providers.stubFor(post(urlEqualTo("/llm/primary/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Choose how AutoBiz answers")))
                .willReturn(okJson(cassette("wismo-reply3-primary"))));
        // WF06's summary: any other prompt to the LLM.
        providers.stubFor(post(urlEqualTo("/llm/primary/v1/chat/completions"))
                .atPriority(9)
                .willReturn(okJson(cassette("exception-summary2-primary").replace("1001", String.valueOf(n)))));
        providers.stubFor(post(urlEqualTo("/llm/fallback/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Choose how AutoBiz answers")))
                .willReturn(okJson(cassette("wismo-reply-fallback"))));
    }

    /**
     * Stripe's answer to {@code stripe.payment.get} (which expands the latest charge) for a captured payment: {@code
     * received} in total, {@code refunded} of it refunded. Preferred over the payment's uncaptured answer.
     */
    static MappingBuilder settled(String pi, long received, long refunded) {
        return get(urlPathEqualTo("/stripe/v1/payment_intents/" + pi))
                .atPriority(3)
                .willReturn(okJson(
                        """
                        {"id":"%s","object":"payment_intent","amount":%d,"amount_capturable":0,"amount_received":%d,
                         "capture_method":"manual","currency":"usd","livemode":false,"status":"succeeded",
                         "latest_charge":{"id":"ch_%s","object":"charge","amount":%d,"amount_captured":%d,
                          "amount_refunded":%d,"currency":"usd","payment_intent":"%s","status":"succeeded"}}""".formatted(pi, received, received, pi.substring(3), received, received, refunded, pi)));
    }

    private static String cassette(String name) {
        try (InputStream in = GoldenWorld.class.getResourceAsStream("/cassettes/llm/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
