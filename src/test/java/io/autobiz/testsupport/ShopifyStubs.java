package io.autobiz.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * Shopify's Admin GraphQL API as the workflow ITs stub it on {@link ProviderStubs}' server: which operation a request
 * is (by its {@code operationName}), and Shopify's answers to AutoBiz's operations in the shape Shopify sends them
 * (with the cost extension).
 */
public final class ShopifyStubs {

    public static final String GRAPHQL = "/shopify/admin/api/2025-10/graphql.json";
    /** The test store's access token (application-it.yml). */
    public static final String ACCESS_TOKEN = "shpat_it_fake_token_for_wiremock";

    private ShopifyStubs() {}

    /** A Shopify order's GID. */
    public static String gid(long orderNumber) {
        return "gid://shopify/Order/" + orderNumber;
    }

    /** Requests of the GraphQL operation {@code operationName} (e.g. "AutoBizOrderCancel"). */
    public static MappingBuilder operation(String operationName) {
        return post(urlEqualTo(GRAPHQL)).withRequestBody(matchingJsonPath("$.operationName", equalTo(operationName)));
    }

    /** What reached Shopify as the GraphQL operation {@code operationName}. */
    public static RequestPatternBuilder requested(String operationName) {
        return postRequestedFor(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo(operationName)));
    }

    /**
     * {@code shopify.order.get}: a one-T-shirt order of {@code total} USD to Ada Lovelace, only to the test store's
     * access token.
     */
    public static MappingBuilder order(long orderNumber, String financialStatus, String total) {
        return operation("AutoBizOrderGet")
                .withHeader("X-Shopify-Access-Token", equalTo(ACCESS_TOKEN))
                .willReturn(okJson(orderJson(orderNumber, financialStatus, null, total, true)));
    }

    /** As {@link #order(long, String, String)}, for 25.00 USD. */
    public static MappingBuilder order(long orderNumber, String financialStatus) {
        return order(orderNumber, financialStatus, "25.00");
    }

    /** As {@link #order(long, String)}, for an order Shopify has cancelled. */
    public static MappingBuilder cancelledOrder(long orderNumber, String financialStatus) {
        return operation("AutoBizOrderGet")
                .withHeader("X-Shopify-Access-Token", equalTo(ACCESS_TOKEN))
                .willReturn(okJson(orderJson(orderNumber, financialStatus, "2026-12-01T10:00:00Z", "25.00", true)));
    }

    /**
     * The answer to {@code shopify.order.get} for one order (25.00 USD, no second address line), cancelled at {@code
     * cancelledAt} or open ({@code null}).
     */
    public static String orderJson(long orderNumber, String financialStatus, String cancelledAt) {
        return orderJson(orderNumber, financialStatus, cancelledAt, "25.00", false);
    }

    private static String orderJson(
            long orderNumber, String financialStatus, String cancelledAt, String total, boolean address2) {
        return """
                {"data":{"order":{"id":"gid://shopify/Order/%d","name":"#%d","email":"ada@example.com",
                  "displayFinancialStatus":"%s",%s
                  "totalPriceSet":{"shopMoney":{"amount":"%s","currencyCode":"USD"}},
                  "lineItems":{"nodes":[{"sku":"TSHIRT-BLK-M","title":"T-shirt","quantity":1}]},
                  "shippingAddress":{"name":"Ada Lovelace","address1":"12 Analytical Row",%s"city":"Portland",
                    "provinceCode":"OR","zip":"97201","countryCodeV2":"US"}}},
                 "extensions":{"cost":{"requestedQueryCost":3,"actualQueryCost":3}}}""".formatted(
                        orderNumber,
                        orderNumber,
                        financialStatus,
                        cancelledAt == null && address2 ? "" : "\"cancelledAt\":" + quoted(cancelledAt) + ",",
                        total,
                        address2 ? "\"address2\":null," : "");
    }

    /** {@code shopify.order.get} for an order Shopify does not have: {@code "order": null}. */
    public static MappingBuilder orderNotFound() {
        return operation("AutoBizOrderGet").willReturn(okJson("""
                {"data":{"order":null},
                 "extensions":{"cost":{"requestedQueryCost":3,"actualQueryCost":3}}}"""));
    }

    /** {@code shopify.order.cancel}: Shopify accepted the cancellation as its job {@code jobId}. */
    public static MappingBuilder orderCancelled(String jobId) {
        return operation("AutoBizOrderCancel").willReturn(okJson(orderCancelJson(jobId)));
    }

    /** Shopify's answer to a cancellation it took on as job {@code jobId}. */
    public static String orderCancelJson(String jobId) {
        return """
                {"data":{"orderCancel":{"job":{"id":"gid://shopify/Job/%s","done":false},
                  "orderCancelUserErrors":[]}},
                 "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""".formatted(jobId);
    }

    /** {@code shopify.refund.create}: Shopify recorded the refund {@code refundNumber} of {@code amount} USD. */
    public static MappingBuilder refundCreated(long refundNumber, String amount) {
        return operation("AutoBizRefundCreate").willReturn(okJson("""
                {"data":{"refundCreate":{"refund":{"id":"gid://shopify/Refund/%d",
                  "totalRefundedSet":{"shopMoney":{"amount":"%s","currencyCode":"USD"}}},"userErrors":[]}},
                 "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""".formatted(refundNumber, amount)));
    }

    /** {@code shopify.order.update}: the order {@code orderNumber} now has the tag "shipped". */
    public static MappingBuilder orderUpdatedShipped(long orderNumber) {
        return operation("AutoBizOrderUpdate").willReturn(okJson("""
                {"data":{"orderUpdate":{"order":{"id":"gid://shopify/Order/%d","tags":["shipped"],
                  "note":"Shipped"},"userErrors":[]}},
                 "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10}}}""".formatted(orderNumber)));
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
