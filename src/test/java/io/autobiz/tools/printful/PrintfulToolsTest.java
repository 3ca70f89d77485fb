package io.autobiz.tools.printful;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.tools.ProviderProperties;
import io.autobiz.tools.ToolTestKit;
import io.autobiz.tools.guard.SandboxGuard;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Printful tools against WireMock with v2 shapes: bearer token, store header, {@code data} envelopes, 429. */
@IntegrationExternal
class PrintfulToolsTest {

    private static final String ORDER = """
            {"data": {"id": 90000001, "external_id": "acme-1001", "store_id": 7001, "status": "%s"}}""";

    private static WireMockServer printful;
    private ToolTestKit kit;
    private PrintfulApi api;

    @BeforeAll
    static void start() {
        printful = ProviderStubs.start();
    }

    @AfterAll
    static void stop() {
        printful.stop();
    }

    @BeforeEach
    void reset() {
        printful.resetAll();
        kit = ToolTestKit.against(printful);
        api = new PrintfulApi(kit.http, kit.providers, kit.tenants);
    }

    @Test
    @DisplayName("P1-T19 order create posts a v2 draft with external_id, recipient and catalog items")
    void createDraft() throws Exception {
        printful.stubFor(post(urlEqualTo("/printful/v2/orders")).willReturn(okJson(ORDER.formatted("draft"))));

        var call = kit.call(new PrintfulOrderCreateTool(api), """
                {"externalId": "acme-1001", "recipient": {"name": "Ada Lovelace", "address1": "1 Main St",
                 "city": "Seattle", "zip": "98101", "countryCode": "US", "provinceCode": "WA"},
                 "items": [{"sku": "TSHIRT-BLK-M", "quantity": 2}]}""");

        assertThat(call.get("status").asText()).isEqualTo("draft");
        printful.verify(postRequestedFor(urlEqualTo("/printful/v2/orders"))
                .withHeader("Authorization", equalTo("Bearer toolkit-fake-printful-token"))
                .withHeader("X-PF-Store-Id", equalTo("7001"))
                .withRequestBody(matchingJsonPath("$.external_id", equalTo("acme-1001")))
                .withRequestBody(matchingJsonPath("$.recipient.state_code", equalTo("WA")))
                .withRequestBody(matchingJsonPath("$.order_items[0].source", equalTo("catalog")))
                .withRequestBody(matchingJsonPath("$.order_items[0].catalog_variant_id", equalTo("4017")))
                .withRequestBody(matchingJsonPath("$.order_items[0].quantity", equalTo("2"))));
    }

    @Test
    @DisplayName("P1-T25 order get and shipments get read status, carrier and tracking")
    void getOrderAndShipments() throws Exception {
        printful.stubFor(
                get(urlEqualTo("/printful/v2/orders/90000001")).willReturn(okJson(ORDER.formatted("fulfilled"))));
        printful.stubFor(
                get(urlEqualTo("/printful/v2/orders/90000001/shipments")).willReturn(okJson("""
                {"data": [{"id": 900000011, "order_id": 90000001, "carrier": "USPS",
                  "service": "USPS Ground Advantage", "shipment_status": "shipped",
                  "tracking_number": "9400111899223197428490", "tracking_url": "https://tools.usps.com/go/x",
                  "shipped_at": "2026-11-24T10:00:00Z"}]}""")));

        var order = kit.call(
                new PrintfulOrderGetTool(api),
                "{\"printfulOrderId\": 90000001}",
                Optional.empty(),
                Duration.ofSeconds(5));
        var shipments = kit.call(
                new PrintfulShipmentsGetTool(api),
                "{\"printfulOrderId\": 90000001}",
                Optional.empty(),
                Duration.ofSeconds(5));

        assertThat(order.get("status").asText()).isEqualTo("fulfilled");
        assertThat(order.get("externalId").asText()).isEqualTo("acme-1001");
        assertThat(shipments.get("shipments").get(0).get("trackingNumber").asText())
                .isEqualTo("9400111899223197428490");
        assertThat(shipments.get("shipments").get(0).get("carrier").asText()).isEqualTo("USPS");
        printful.verify(getRequestedFor(urlEqualTo("/printful/v2/orders/90000001/shipments"))
                .withHeader("X-PF-Store-Id", equalTo("7001")));
    }

    @Test
    @DisplayName("P1-T25 order get finds an order by the store's external ID (Printful's @external_id), never both")
    void getOrderByExternalId() throws Exception {
        printful.stubFor(
                get(urlEqualTo("/printful/v2/orders/@shopify-1001")).willReturn(okJson(ORDER.formatted("inprocess"))));

        var order = kit.call(new PrintfulOrderGetTool(api), "{\"externalId\": \"shopify-1001\"}");

        assertThat(order.get("printfulOrderId").asLong()).isEqualTo(90000001L);
        assertThat(order.get("status").asText()).isEqualTo("inprocess");
        var schema = new SchemaValidator()
                .compile(
                        "printful.order.get@1",
                        new PrintfulOrderGetTool(api).contract().inputSchema());
        assertThat(schema.validate(Json.parse("{\"externalId\": \"shopify-1001\", \"printfulOrderId\": 1}")))
                .as("one of the two, never both")
                .isNotEmpty();
        assertThat(schema.validate(Json.parse("{}"))).isNotEmpty();
    }

    @Test
    @DisplayName("P1-T26 a confirmation with its own reference is its own call (WF06's retry), not a replay of the"
            + " first confirmation; the same reference is the same call")
    void confirmReferenceIsPartOfTheIntent() {
        var contract = new PrintfulOrderConfirmTool(api, kit.guard).contract();
        TenantId acme = TenantId.of("acme");

        var first = IdempotencyKey.of(acme, contract, (ObjectNode) Json.parse("{\"printfulOrderId\": 1}"));
        var retry = IdempotencyKey.of(
                acme, contract, (ObjectNode) Json.parse("{\"printfulOrderId\": 1, \"reference\": \"p-1:confirm:1\"}"));
        var sameRetry = IdempotencyKey.of(
                acme, contract, (ObjectNode) Json.parse("{\"printfulOrderId\": 1, \"reference\": \"p-1:confirm:1\"}"));

        assertThat(retry).isNotEqualTo(first);
        assertThat(sameRetry).isEqualTo(retry);
    }

    @Test
    @DisplayName("P1-T24 order cancel deletes the order that is not yet in production")
    void cancel() throws Exception {
        printful.stubFor(
                delete(urlEqualTo("/printful/v2/orders/90000001")).willReturn(okJson(ORDER.formatted("canceled"))));

        var call = kit.call(new PrintfulOrderCancelTool(api), "{\"printfulOrderId\": 90000001}");

        assertThat(call.get("status").asText()).isEqualTo("canceled");
        printful.verify(1, deleteRequestedFor(urlEqualTo("/printful/v2/orders/90000001")));
    }

    @Test
    @DisplayName("P1-T26 HTTP 429 waits X-Ratelimit-Reset, then confirms once")
    void rateLimited() throws Exception {
        printful.stubFor(post(urlEqualTo("/printful/v2/orders/90000001/confirmation"))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("X-Ratelimit-Limit", "120")
                        .withHeader("X-Ratelimit-Remaining", "0")
                        .withHeader("X-Ratelimit-Reset", "2"))
                .willSetStateTo("ok"));
        printful.stubFor(post(urlEqualTo("/printful/v2/orders/90000001/confirmation"))
                .inScenario("429")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(ORDER.formatted("pending"))));

        var call = kit.call(new PrintfulOrderConfirmTool(api, kit.guard), "{\"printfulOrderId\": 90000001}");

        assertThat(call.get("status").asText()).isEqualTo("pending");
        assertThat(kit.sleeps).containsExactly(Duration.ofSeconds(2));
        printful.verify(2, postRequestedFor(urlEqualTo("/printful/v2/orders/90000001/confirmation")));
    }

    @Test
    @DisplayName("P1-T26 a 503 on confirm is PROVIDER_UNAVAILABLE after one request")
    void serverError() {
        printful.stubFor(post(urlEqualTo("/printful/v2/orders/90000001/confirmation"))
                .willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(
                        () -> kit.call(new PrintfulOrderConfirmTool(api, kit.guard), "{\"printfulOrderId\": 90000001}"))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        printful.verify(1, postRequestedFor(urlEqualTo("/printful/v2/orders/90000001/confirmation")));
    }

    @Test
    @DisplayName("P1-T19 a 400 (e.g. a duplicate external_id) is PROVIDER_REJECTED")
    void clientError() {
        printful.stubFor(post(urlEqualTo("/printful/v2/orders"))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\": {\"message\": \"duplicate\"}}")));

        assertThatThrownBy(() -> kit.call(new PrintfulOrderCreateTool(api), """
                        {"externalId": "acme-1001", "recipient": {"name": "Ada", "address1": "1 Main St",
                         "city": "Seattle", "zip": "98101", "countryCode": "US"},
                         "items": [{"sku": "TSHIRT-BLK-M", "quantity": 1}]}"""))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED));
    }

    @Test
    @DisplayName("P1-H06 against the real Printful a store not marked live cannot confirm: its orders stay drafts")
    void realPrintfulConfirmRefused() {
        ProviderProperties loopback = kit.providers;
        ProviderProperties real = new ProviderProperties(
                loopback.stripe(),
                loopback.shopify(),
                loopback.shopifyApiVersion(),
                URI.create("https://api.printful.com"),
                loopback.sendgridHost(),
                loopback.sendgridPathPrefix(),
                loopback.sendgridPlainHttp(),
                true);
        SandboxGuard guard = new SandboxGuard(ToolTestKit.safety(), real, kit.stores, false);
        PrintfulApi realApi = new PrintfulApi(kit.http, real, new TenantDirectory(kit.stores));

        assertThatThrownBy(
                        () -> kit.call(new PrintfulOrderConfirmTool(realApi, guard), "{\"printfulOrderId\": 90000001}"))
                .isInstanceOfSatisfying(KernelError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
                    assertThat(e.details()).containsEntry("guard", "real-fulfilment");
                });
    }
}
