package io.autobiz.tools.shopify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.tools.ToolTestKit;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Shopify tools against WireMock: the GraphQL documents and variables sent, throttling in both its shapes. */
@IntegrationExternal
class ShopifyToolsTest {

    private static final String GRAPHQL = "/shopify/admin/api/2025-10/graphql.json";
    private static final String THROTTLED = """
            {"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED",
              "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
             "extensions": {"cost": {"requestedQueryCost": 10, "actualQueryCost": null,
              "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 0, "restoreRate": 50.0}}}}""";
    private static final String REFUND_CREATED = """
            {"data": {"refundCreate": {"refund": {"id": "gid://shopify/Refund/555",
              "totalRefundedSet": {"shopMoney": {"amount": "10.00", "currencyCode": "USD"}}}, "userErrors": []}}}""";
    private static final String REFUND_INPUT = """
            {"orderId": "gid://shopify/Order/1001", "amount": 1000, "currency": "USD", "reference": "re_3Test"}""";

    private static WireMockServer shopify;
    private ToolTestKit kit;
    private ShopifyGraphql graphql;

    @BeforeAll
    static void start() {
        shopify = ProviderStubs.start();
    }

    @AfterAll
    static void stop() {
        shopify.stop();
    }

    @BeforeEach
    void reset() {
        shopify.resetAll();
        kit = ToolTestKit.against(shopify);
        graphql = new ShopifyGraphql(kit.http, kit.providers, kit.tenants);
    }

    @Test
    @DisplayName(
            "P1-T25 order get by the name a customer quotes searches orders by name; no match is PROVIDER_REJECTED")
    void orderGetByName() throws Exception {
        shopify.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.variables.query", equalTo("name:#1001")))
                .willReturn(okJson("""
                        {"data": {"orders": {"nodes": [{"id": "gid://shopify/Order/5000000001", "name": "#1001",
                          "email": "ada@example.com", "displayFinancialStatus": "PAID",
                          "totalPriceSet": {"shopMoney": {"amount": "25.00", "currencyCode": "USD"}},
                          "lineItems": {"nodes": []}, "shippingAddress": {"name": "Ada Lovelace", "address1": "12 Analytical Row",
                          "city": "Portland", "zip": "97201", "countryCodeV2": "US"}}]}}}""")));
        shopify.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.variables.query", equalTo("name:#999")))
                .willReturn(okJson("{\"data\": {\"orders\": {\"nodes\": []}}}")));

        var call = kit.call(new ShopifyOrderGetTool(graphql), "{\"orderName\": \"#1001\"}");

        assertThat(call.get("orderId").asText()).isEqualTo("gid://shopify/Order/5000000001");
        assertThat(call.get("email").asText()).isEqualTo("ada@example.com");
        shopify.verify(postRequestedFor(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderByName")))
                .withRequestBody(matchingJsonPath("$.query", containing("orders(first: 1, query: $query)"))));
        assertThatThrownBy(() -> kit.call(new ShopifyOrderGetTool(graphql), "{\"orderName\": \"#999\"}"))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED));
    }

    @Test
    @DisplayName("P1-T39 order get asks for cancelledAt and says whether Shopify has cancelled the order")
    void orderGetSaysWhetherCancelled() throws Exception {
        String order = """
                {"data": {"order": {"id": "gid://shopify/Order/%s", "name": "#%s", "email": "ada@example.com",
                  "displayFinancialStatus": "PAID", "cancelledAt": %s,
                  "totalPriceSet": {"shopMoney": {"amount": "25.00", "currencyCode": "USD"}},
                  "lineItems": {"nodes": []}, "shippingAddress": {"name": "Ada Lovelace",
                  "address1": "12 Analytical Row", "city": "Portland", "zip": "97201", "countryCodeV2": "US"}}}}""";
        shopify.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo("gid://shopify/Order/1001")))
                .willReturn(okJson(order.formatted("1001", "1001", "\"2026-11-24T10:00:00Z\""))));
        shopify.stubFor(post(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo("gid://shopify/Order/1002")))
                .willReturn(okJson(order.formatted("1002", "1002", "null"))));

        var cancelled = kit.call(new ShopifyOrderGetTool(graphql), "{\"orderId\": \"gid://shopify/Order/1001\"}");
        var open = kit.call(new ShopifyOrderGetTool(graphql), "{\"orderId\": \"gid://shopify/Order/1002\"}");

        assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
        assertThat(cancelled.get("cancelledAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(open.get("cancelled").asBoolean()).isFalse();
        assertThat(open.output().has("cancelledAt")).isFalse();
        shopify.verify(
                2,
                postRequestedFor(urlEqualTo(GRAPHQL))
                        .withRequestBody(matchingJsonPath("$.query", containing("cancelledAt"))));
    }

    @Test
    @DisplayName("P1-T19 order update sends the orderUpdate mutation with tags and note and the access token")
    void orderUpdate() throws Exception {
        shopify.stubFor(post(urlEqualTo(GRAPHQL)).willReturn(okJson("""
                {"data": {"orderUpdate": {"order": {"id": "gid://shopify/Order/1001", "tags": ["autobiz", "fulfilled"],
                  "note": "Shipped by Printful"}, "userErrors": []}}}""")));

        var call = kit.call(new ShopifyOrderUpdateTool(graphql), """
                {"orderId": "gid://shopify/Order/1001", "tags": ["autobiz", "fulfilled"], "note": "Shipped by Printful"}""");

        assertThat(call.get("tags")).hasSize(2);
        shopify.verify(postRequestedFor(urlEqualTo(GRAPHQL))
                .withHeader("X-Shopify-Access-Token", equalTo("shpat_toolkit_fake"))
                .withRequestBody(matchingJsonPath("$.operationName", equalTo("AutoBizOrderUpdate")))
                .withRequestBody(matchingJsonPath("$.query", containing("orderUpdate(input: $input)")))
                .withRequestBody(matchingJsonPath("$.variables.input.id", equalTo("gid://shopify/Order/1001")))
                .withRequestBody(matchingJsonPath("$.variables.input.tags[1]", equalTo("fulfilled")))
                .withRequestBody(matchingJsonPath("$.variables.input.note", equalTo("Shipped by Printful"))));
    }

    @Test
    @DisplayName(
            "P1-T24 order cancel sends orderCancel without a refund (money goes through Stripe) and returns the job")
    void orderCancel() throws Exception {
        shopify.stubFor(post(urlEqualTo(GRAPHQL)).willReturn(okJson("""
                {"data": {"orderCancel": {"job": {"id": "gid://shopify/Job/abc", "done": false},
                  "orderCancelUserErrors": []}}}""")));

        var call = kit.call(new ShopifyOrderCancelTool(graphql), """
                {"orderId": "gid://shopify/Order/1001", "reason": "CUSTOMER", "restock": true}""");

        assertThat(call.get("jobId").asText()).isEqualTo("gid://shopify/Job/abc");
        shopify.verify(postRequestedFor(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.query", containing("refund: false")))
                .withRequestBody(matchingJsonPath("$.variables.reason", equalTo("CUSTOMER")))
                .withRequestBody(matchingJsonPath("$.variables.restock", equalTo("true"))));
    }

    @Test
    @DisplayName("P1-T24 orderCancel's user errors are PROVIDER_REJECTED")
    void cancelUserError() {
        shopify.stubFor(post(urlEqualTo(GRAPHQL)).willReturn(okJson("""
                {"data": {"orderCancel": {"job": null, "orderCancelUserErrors": [{"field": ["orderId"],
                  "message": "Order does not exist", "code": "NOT_FOUND"}]}}}""")));

        assertThatThrownBy(() -> kit.call(new ShopifyOrderCancelTool(graphql), """
                        {"orderId": "gid://shopify/Order/1001", "reason": "CUSTOMER"}"""))
                .isInstanceOfSatisfying(KernelError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
                    assertThat(e.getMessage()).contains("does not exist");
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"Order has already been cancelled", "Cannot cancel an order that has already been canceled"})
    @DisplayName("P1-T24 SOAK-INV-03 orderCancel of an order Shopify has already cancelled is no error: the order is"
            + " cancelled, as asked, and the answer says it already was (no job)")
    void cancelOfACancelledOrderSucceeds(String message) throws Exception {
        shopify.stubFor(post(urlEqualTo(GRAPHQL)).willReturn(okJson("""
                {"data": {"orderCancel": {"job": null, "orderCancelUserErrors": [{"field": ["orderId"],
                  "message": "%s", "code": "INVALID"}]}}}""".formatted(message))));

        var call = kit.call(new ShopifyOrderCancelTool(graphql), """
                {"orderId": "gid://shopify/Order/1001", "reason": "CUSTOMER"}""");

        assertThat(call.get("orderId").asText()).isEqualTo("gid://shopify/Order/1001");
        assertThat(call.get("alreadyCancelled").asBoolean()).isTrue();
        assertThat(call.get("done").asBoolean()).isTrue();
        assertThat(call.get("jobId").asText()).isEmpty();
    }

    @Test
    @DisplayName("P1-T22 refund record uses the @idempotent directive with the kernel's external key")
    void refundCreateIsIdempotent() throws Exception {
        shopify.stubFor(post(urlEqualTo(GRAPHQL)).willReturn(okJson(REFUND_CREATED)));

        var call = kit.call(new ShopifyRefundCreateTool(graphql), REFUND_INPUT);

        assertThat(call.get("amount").asLong()).isEqualTo(1000);
        shopify.verify(postRequestedFor(urlEqualTo(GRAPHQL))
                .withRequestBody(matchingJsonPath("$.query", containing("@idempotent(key: $idempotencyKey)")))
                .withRequestBody(matchingJsonPath("$.variables.idempotencyKey", equalTo(ToolTestKit.KEY)))
                .withRequestBody(matchingJsonPath("$.variables.input.transactions[0].amount", equalTo("10.00")))
                .withRequestBody(matchingJsonPath("$.variables.input.transactions[0].kind", equalTo("REFUND"))));
    }

    @Test
    @DisplayName("P1-T22 without a kernel key the @idempotent key is derived from the call's intent, the same on retry")
    void refundCreateDerivesAKey() throws Exception {
        shopify.stubFor(post(urlEqualTo(GRAPHQL)).willReturn(okJson(REFUND_CREATED)));
        ShopifyRefundCreateTool tool = new ShopifyRefundCreateTool(graphql);

        kit.call(tool, REFUND_INPUT, Optional.empty(), Duration.ofSeconds(5));
        kit.call(tool, REFUND_INPUT, Optional.empty(), Duration.ofSeconds(5));

        var sent = shopify.findAll(postRequestedFor(urlEqualTo(GRAPHQL)));
        assertThat(sent).hasSize(2);
        String first = io.autobiz.kernel.json.Json.parse(sent.get(0).getBodyAsString())
                .path("variables")
                .path("idempotencyKey")
                .asText();
        assertThat(first).matches("autobiz:[0-9a-f]{32}");
        assertThat(sent.get(1).getBodyAsString()).contains(first);
    }

    @Test
    @DisplayName("P1-T19 THROTTLED in an HTTP 200 waits for the bucket to refill, then sends the write once more")
    void throttledIn200IsRetried() throws Exception {
        shopify.stubFor(post(urlEqualTo(GRAPHQL))
                .inScenario("throttle")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(THROTTLED))
                .willSetStateTo("refilled"));
        shopify.stubFor(post(urlEqualTo(GRAPHQL))
                .inScenario("throttle")
                .whenScenarioStateIs("refilled")
                .willReturn(okJson(REFUND_CREATED)));

        var call = kit.call(new ShopifyRefundCreateTool(graphql), REFUND_INPUT);

        assertThat(call.get("refundId").asText()).isEqualTo("gid://shopify/Refund/555");
        assertThat(kit.sleeps).containsExactly(Duration.ofMillis(200)); // (10 - 0) / 50 per second
        shopify.verify(2, postRequestedFor(urlEqualTo(GRAPHQL)));
        assertThat(call.usage().providerCalls()).containsExactly("shopify", "shopify");
    }

    @Test
    @DisplayName("P1-T19 HTTP 429 waits Retry-After and sends again; the write succeeds once")
    void http429IsRetried() throws Exception {
        shopify.stubFor(post(urlEqualTo(GRAPHQL))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1.0"))
                .willSetStateTo("ok"));
        shopify.stubFor(post(urlEqualTo(GRAPHQL))
                .inScenario("429")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(REFUND_CREATED)));

        kit.call(new ShopifyRefundCreateTool(graphql), REFUND_INPUT);

        assertThat(kit.sleeps).containsExactly(Duration.ofSeconds(1));
        shopify.verify(2, postRequestedFor(urlEqualTo(GRAPHQL)));
    }

    @Test
    @DisplayName("P1-T19 throttling that outlasts the call's timeout is PROVIDER_UNAVAILABLE, not a wait")
    void throttlingBeyondTheTimeout() {
        shopify.stubFor(
                post(urlEqualTo(GRAPHQL)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        assertThatThrownBy(() -> kit.call(
                        new ShopifyRefundCreateTool(graphql),
                        REFUND_INPUT,
                        Optional.of(ToolTestKit.KEY),
                        Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        assertThat(kit.sleeps).isEmpty();
        shopify.verify(1, postRequestedFor(urlEqualTo(GRAPHQL)));
    }

    @Test
    @DisplayName("P1-T22 a 502 on a write is PROVIDER_UNAVAILABLE after one request: never repeated in the tool")
    void serverErrorIsNotRepeated() {
        shopify.stubFor(post(urlEqualTo(GRAPHQL)).willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> kit.call(new ShopifyRefundCreateTool(graphql), REFUND_INPUT))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        shopify.verify(1, postRequestedFor(urlEqualTo(GRAPHQL)));
    }

    @Test
    @DisplayName("P1-T06 a Shopify answer slower than the call's timeout is PROVIDER_UNAVAILABLE")
    void timeout() {
        shopify.stubFor(
                post(urlEqualTo(GRAPHQL)).willReturn(okJson(REFUND_CREATED).withFixedDelay(3_000)));

        assertThatThrownBy(() -> kit.call(
                        new ShopifyRefundCreateTool(graphql),
                        REFUND_INPUT,
                        Optional.of(ToolTestKit.KEY),
                        Duration.ofMillis(400)))
                .isInstanceOfSatisfying(KernelError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                    assertThat(e.details()).containsEntry("timeout", true);
                });
        shopify.verify(1, postRequestedFor(urlEqualTo(GRAPHQL)));
    }
}
