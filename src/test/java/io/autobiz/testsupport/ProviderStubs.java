package io.autobiz.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One WireMock server standing in for every provider, on a loopback port, with each provider under its own path
 * prefix; and the properties that point the application's tools at it.
 */
public final class ProviderStubs {

    private ProviderStubs() {}

    public static WireMockServer start() {
        WireMockServer server =
                new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    /**
     * Shopify's answer to {@code shopify.order.get} for a one-T-shirt order of 25.00 USD to Ada Lovelace, in the
     * Admin GraphQL shape (with the cost extension Shopify sends), only to the test store's access token.
     */
    public static void stubShopifyOrder(WireMockServer server, long orderNumber, String financialStatus) {
        stubShopifyOrder(server, orderNumber, financialStatus, "25.00");
    }

    /** As {@link #stubShopifyOrder(WireMockServer, long, String)}, for an order of {@code total} USD (e.g. "120.00"). */
    public static void stubShopifyOrder(WireMockServer server, long orderNumber, String financialStatus, String total) {
        server.stubFor(post(urlEqualTo("/shopify/admin/api/2025-10/graphql.json"))
                .withHeader("X-Shopify-Access-Token", equalTo("shpat_it_fake_token_for_wiremock"))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderGet")))
                .willReturn(okJson("""
                        {"data":{"order":{"id":"gid://shopify/Order/%d","name":"#%d","email":"ada@example.com",
                          "displayFinancialStatus":"%s",
                          "totalPriceSet":{"shopMoney":{"amount":"%s","currencyCode":"USD"}},
                          "lineItems":{"nodes":[{"sku":"TSHIRT-BLK-M","title":"T-shirt","quantity":1}]},
                          "shippingAddress":{"name":"Ada Lovelace","address1":"12 Analytical Row","address2":null,
                            "city":"Portland","provinceCode":"OR","zip":"97201","countryCodeV2":"US"}}},
                         "extensions":{"cost":{"requestedQueryCost":3,"actualQueryCost":3}}}""".formatted(orderNumber, orderNumber, financialStatus, total))));
    }

    /**
     * As {@link #stubShopifyOrder(WireMockServer, long, String)}, for an order Shopify has cancelled (its {@code
     * cancelledAt} set).
     */
    public static void stubCancelledShopifyOrder(WireMockServer server, long orderNumber, String financialStatus) {
        server.stubFor(post(urlEqualTo("/shopify/admin/api/2025-10/graphql.json"))
                .withHeader("X-Shopify-Access-Token", equalTo("shpat_it_fake_token_for_wiremock"))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderGet")))
                .willReturn(okJson("""
                        {"data":{"order":{"id":"gid://shopify/Order/%d","name":"#%d","email":"ada@example.com",
                          "displayFinancialStatus":"%s","cancelledAt":"2026-12-01T10:00:00Z",
                          "totalPriceSet":{"shopMoney":{"amount":"25.00","currencyCode":"USD"}},
                          "lineItems":{"nodes":[{"sku":"TSHIRT-BLK-M","title":"T-shirt","quantity":1}]},
                          "shippingAddress":{"name":"Ada Lovelace","address1":"12 Analytical Row","address2":null,
                            "city":"Portland","provinceCode":"OR","zip":"97201","countryCodeV2":"US"}}},
                         "extensions":{"cost":{"requestedQueryCost":3,"actualQueryCost":3}}}""".formatted(orderNumber, orderNumber, financialStatus))));
    }

    /**
     * Stripe's answer to {@code stripe.payment.get} for {@code paymentIntentId}: authorised for the Shopify order
     * {@code orderNumber} (metadata {@code order_id}, as {@code stripe.payment.authorize} writes it) over {@code amount}
     * in {@code currency}, waiting to be captured.
     */
    public static void stubStripePayment(
            WireMockServer server, String paymentIntentId, long orderNumber, long amount, String currency) {
        stubStripePayment(
                server, paymentIntentId, "gid://shopify/Order/" + orderNumber, amount, currency, "requires_capture");
    }

    /** As {@link #stubStripePayment(WireMockServer, String, long, long, String)}, with any metadata order and status. */
    public static void stubStripePayment(
            WireMockServer server,
            String paymentIntentId,
            String metadataOrderId,
            long amount,
            String currency,
            String status) {
        long capturable = status.equals("requires_capture") ? amount : 0;
        long received = status.equals("succeeded") ? amount : 0;
        server.stubFor(get(urlPathEqualTo("/stripe/v1/payment_intents/" + paymentIntentId))
                .willReturn(okJson("""
                        {"id":"%s","object":"payment_intent","amount":%d,"amount_capturable":%d,
                         "amount_received":%d,"capture_method":"manual","currency":"%s","livemode":false,
                         "metadata":{"order_id":"%s"},"status":"%s"}""".formatted(
                                paymentIntentId, amount, capturable, received, currency, metadataOrderId, status))));
    }

    /** Shopify's answer to {@code shopify.order.get} for an order it does not have: {@code "order": null}. */
    public static void stubShopifyOrderNotFound(WireMockServer server) {
        server.stubFor(post(urlEqualTo("/shopify/admin/api/2025-10/graphql.json"))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderGet")))
                .willReturn(okJson("""
                        {"data":{"order":null},
                         "extensions":{"cost":{"requestedQueryCost":3,"actualQueryCost":3}}}""")));
    }

    /** Stripe's 404 for a PaymentIntent it does not have, for every ID matching {@code paymentIntentIdPattern}. */
    public static void stubStripePaymentNotFound(WireMockServer server, String paymentIntentIdPattern) {
        server.stubFor(get(urlPathMatching("/stripe/v1/payment_intents/" + paymentIntentIdPattern))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"error":{"code":"resource_missing","param":"intent",
                                 "message":"No such payment_intent","type":"invalid_request_error"}}""")));
    }

    /** Printful's 404 for every GET under {@code pathPattern} (an order, or its shipments). */
    public static void stubPrintfulNotFound(WireMockServer server, String pathPattern) {
        server.stubFor(get(urlPathMatching(pathPattern))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":404,\"result\":\"Not found\",\"error\":{\"reason\":\"NotFound\","
                                + "\"message\":\"Order not found\"}}")));
    }

    /** The Shopify GraphQL operations that only read. */
    private static final Set<String> SHOPIFY_READS = Set.of("AutoBizOrderGet", "AutoBizOrderByName");

    /** Requests that are POSTs but change nothing: Slack's token check, the LLM's completions. */
    private static final List<String> READING_POSTS = List.of("/slack/api/auth.test", "/llm/");

    /**
     * Every request that reached a provider and could change something there ("METHOD path", oldest first): anything
     * but a GET, Shopify's read queries, Slack's token check and the LLM's completions. A run that must not act leaves
     * this empty.
     */
    public static List<String> writes(WireMockServer server) {
        return server.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .filter(request -> !request.getMethod().getName().equals("GET"))
                .filter(request -> READING_POSTS.stream()
                        .noneMatch(read -> request.getUrl().startsWith(read)))
                .filter(request -> SHOPIFY_READS.stream()
                        .noneMatch(read -> request.getBodyAsString().contains("\"" + read + "\"")))
                .map(request -> request.getMethod().getName() + " " + request.getUrl())
                .toList();
    }

    public static Map<String, String> properties(WireMockServer server) {
        String base = "http://127.0.0.1:" + server.port();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("autobiz.providers.stripe", base + "/stripe");
        properties.put("autobiz.providers.shopify", base + "/shopify");
        properties.put("autobiz.providers.printful", base + "/printful");
        properties.put("autobiz.providers.sendgrid-host", "127.0.0.1:" + server.port());
        properties.put("autobiz.providers.sendgrid-path-prefix", "sendgrid/");
        properties.put("autobiz.providers.sendgrid-plain-http", "true");
        properties.put("autobiz.providers.sendgrid-sandbox-mode", "true");
        return properties;
    }
}
