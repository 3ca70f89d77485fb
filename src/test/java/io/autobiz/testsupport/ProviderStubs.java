package io.autobiz.testsupport;

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

    /** Kept for the ITs that predate {@link ShopifyStubs}: {@link ShopifyStubs#order(long, String)}. */
    public static void stubShopifyOrder(WireMockServer server, long orderNumber, String financialStatus) {
        server.stubFor(ShopifyStubs.order(orderNumber, financialStatus));
    }

    /** {@link ShopifyStubs#order(long, String, String)}. */
    public static void stubShopifyOrder(WireMockServer server, long orderNumber, String financialStatus, String total) {
        server.stubFor(ShopifyStubs.order(orderNumber, financialStatus, total));
    }

    /** {@link ShopifyStubs#cancelledOrder(long, String)}. */
    public static void stubCancelledShopifyOrder(WireMockServer server, long orderNumber, String financialStatus) {
        server.stubFor(ShopifyStubs.cancelledOrder(orderNumber, financialStatus));
    }

    /**
     * Stripe's answer to {@code stripe.payment.get} for {@code paymentIntentId}: authorised for the Shopify order
     * {@code orderNumber} (metadata {@code order_id}, as {@code stripe.payment.authorize} writes it) over {@code amount}
     * in {@code currency}, waiting to be captured.
     */
    public static void stubStripePayment(
            WireMockServer server, String paymentIntentId, long orderNumber, long amount, String currency) {
        stubStripePayment(server, paymentIntentId, ShopifyStubs.gid(orderNumber), amount, currency, "requires_capture");
    }

    /** {@link StripeStubs#payment(String, String, long, String, String)}. */
    public static void stubStripePayment(
            WireMockServer server,
            String paymentIntentId,
            String metadataOrderId,
            long amount,
            String currency,
            String status) {
        server.stubFor(StripeStubs.payment(paymentIntentId, metadataOrderId, amount, currency, status));
    }

    /** {@link ShopifyStubs#orderNotFound()}. */
    public static void stubShopifyOrderNotFound(WireMockServer server) {
        server.stubFor(ShopifyStubs.orderNotFound());
    }

    /** {@link StripeStubs#paymentNotFound(String)}. */
    public static void stubStripePaymentNotFound(WireMockServer server, String paymentIntentIdPattern) {
        server.stubFor(StripeStubs.paymentNotFound(paymentIntentIdPattern));
    }

    /** {@link PrintfulStubs#notFound(String)}. */
    public static void stubPrintfulNotFound(WireMockServer server, String pathPattern) {
        server.stubFor(PrintfulStubs.notFound(pathPattern));
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
