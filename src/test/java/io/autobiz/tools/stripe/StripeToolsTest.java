package io.autobiz.tools.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.tools.ToolTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Stripe tools against WireMock with Stripe's published shapes: form-encoded requests, JSON objects, errors. */
@IntegrationExternal
class StripeToolsTest {

    private static WireMockServer stripe;
    private ToolTestKit kit;
    private StripeClients clients;

    @BeforeAll
    static void start() {
        stripe = ProviderStubs.start();
    }

    @AfterAll
    static void stop() {
        stripe.stop();
    }

    @BeforeEach
    void reset() {
        stripe.resetAll();
        kit = ToolTestKit.against(stripe);
        clients = new StripeClients(kit.providers, kit.guard);
    }

    private static String intent(String status, long amount, long capturable, long received) {
        return """
                {"id": "pi_3Test", "object": "payment_intent", "amount": %d, "amount_capturable": %d,
                 "amount_received": %d, "capture_method": "manual", "currency": "usd", "livemode": false,
                 "status": "%s", "metadata": {"order_id": "acme:order:1001"}}""".formatted(amount, capturable, received, status);
    }

    @Test
    @DisplayName("P1-T20 authorize creates a manual-capture PaymentIntent, form-encoded, with the Idempotency-Key")
    void authorizeSendsManualCapture() throws Exception {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/payment_intents"))
                .willReturn(okJson(intent("requires_capture", 2500, 2500, 0))));

        var call = kit.call(new StripeAuthorizeTool(clients), """
                {"orderId": "acme:order:1001", "amount": 2500, "currency": "USD", "paymentMethodId": "pm_card_visa"}""");

        assertThat(call.get("status").asText()).isEqualTo("requires_capture");
        assertThat(call.get("amountCapturable").asLong()).isEqualTo(2500);
        stripe.verify(postRequestedFor(urlEqualTo("/stripe/v1/payment_intents"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded;charset=UTF-8"))
                .withHeader("Authorization", equalTo("Bearer sk_test_toolkit_fake"))
                .withHeader("Idempotency-Key", equalTo(ToolTestKit.KEY))
                .withFormParam("amount", equalTo("2500"))
                .withFormParam("currency", equalTo("usd"))
                .withFormParam("capture_method", equalTo("manual"))
                .withFormParam("confirm", equalTo("true"))
                .withFormParam("payment_method", equalTo("pm_card_visa"))
                .withFormParam("metadata[order_id]", equalTo("acme:order:1001")));
        assertThat(call.usage().providerCalls()).containsExactly("stripe");
    }

    @Test
    @DisplayName("P1-T20 capture sends amount_to_capture for a partial capture and reports what was received")
    void partialCapture() throws Exception {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/capture"))
                .willReturn(okJson(intent("succeeded", 2500, 0, 1500))));

        var call = kit.call(new StripeCaptureTool(clients), """
                {"paymentIntentId": "pi_3Test", "amount": 1500}""");

        assertThat(call.get("status").asText()).isEqualTo("succeeded");
        assertThat(call.get("amountReceived").asLong()).isEqualTo(1500);
        stripe.verify(postRequestedFor(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/capture"))
                .withHeader("Idempotency-Key", equalTo(ToolTestKit.KEY))
                .withFormParam("amount_to_capture", equalTo("1500")));
    }

    @Test
    @DisplayName("P1-T24 void cancels the PaymentIntent with its reason and the Idempotency-Key")
    void voidCancels() throws Exception {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/cancel"))
                .willReturn(okJson(intent("canceled", 2500, 0, 0))));

        var call = kit.call(new StripeVoidTool(clients), """
                {"paymentIntentId": "pi_3Test", "reason": "requested_by_customer"}""");

        assertThat(call.get("status").asText()).isEqualTo("canceled");
        stripe.verify(postRequestedFor(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/cancel"))
                .withHeader("Idempotency-Key", equalTo(ToolTestKit.KEY))
                .withFormParam("cancellation_reason", equalTo("requested_by_customer")));
    }

    @Test
    @DisplayName("P1-T22 refund sends payment_intent, amount and reason with the Idempotency-Key")
    void refund() throws Exception {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/refunds")).willReturn(okJson("""
                {"id": "re_3Test", "object": "refund", "amount": 1000, "currency": "usd",
                 "payment_intent": "pi_3Test", "status": "succeeded"}""")));

        var call = kit.call(new StripeRefundTool(clients), """
                {"paymentIntentId": "pi_3Test", "amount": 1000, "reference": "acme:refund:7",
                 "reason": "requested_by_customer"}""");

        assertThat(call.get("refundId").asText()).isEqualTo("re_3Test");
        assertThat(call.get("amount").asLong()).isEqualTo(1000);
        stripe.verify(postRequestedFor(urlEqualTo("/stripe/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo(ToolTestKit.KEY))
                .withFormParam("payment_intent", equalTo("pi_3Test"))
                .withFormParam("amount", equalTo("1000"))
                .withFormParam("reason", equalTo("requested_by_customer"))
                .withFormParam("metadata[reference]", equalTo("acme:refund:7")));
    }

    @Test
    @DisplayName("P1-T22 Stripe's refusal of a refund above the captured amount is PROVIDER_REJECTED")
    void overRefundIsRejected() {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/refunds"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                        {"error": {"type": "invalid_request_error", "code": "amount_too_large",
                         "message": "Refund amount ($50.00) is greater than charge amount ($25.00)"}}""")));

        assertThatThrownBy(() -> kit.call(new StripeRefundTool(clients), """
                        {"paymentIntentId": "pi_3Test", "amount": 5000, "reference": "acme:refund:8"}"""))
                .isInstanceOfSatisfying(KernelError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
                    assertThat(e.getMessage()).contains("amount_too_large");
                });
    }

    @Test
    @DisplayName("P1-T23 tax calculation posts line items and the shipping address to /v1/tax/calculations")
    void taxCalculation() throws Exception {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/tax/calculations")).willReturn(okJson("""
                {"id": "taxcalc_1Test", "object": "tax.calculation", "amount_total": 2703, "currency": "usd",
                 "tax_amount_exclusive": 203, "tax_amount_inclusive": 0, "livemode": false}""")));

        var call = kit.call(new StripeTaxCalculateTool(clients), """
                {"currency": "USD", "lineItems": [{"amount": 2500, "reference": "TSHIRT-BLK-M", "quantity": 1,
                 "taxCode": "txcd_99999999"}], "shippingAddress": {"countryCode": "US", "postalCode": "98101",
                 "state": "WA"}}""");

        assertThat(call.get("amountTotal").asLong()).isEqualTo(2703);
        assertThat(call.get("taxAmountExclusive").asLong()).isEqualTo(203);
        stripe.verify(postRequestedFor(urlEqualTo("/stripe/v1/tax/calculations"))
                .withFormParam("currency", equalTo("usd"))
                .withFormParam("line_items[0][amount]", equalTo("2500"))
                .withFormParam("line_items[0][reference]", equalTo("TSHIRT-BLK-M"))
                .withFormParam("line_items[0][tax_code]", equalTo("txcd_99999999"))
                .withFormParam("customer_details[address][country]", equalTo("US"))
                .withFormParam("customer_details[address][postal_code]", equalTo("98101"))
                .withFormParam("customer_details[address_source]", equalTo("shipping")));
    }

    @Test
    @DisplayName("P1-RK07 payment get reads the PaymentIntent as Stripe holds it")
    void paymentGet() throws Exception {
        stripe.stubFor(get(urlPathEqualTo("/stripe/v1/payment_intents/pi_3Test"))
                .willReturn(okJson(intent("succeeded", 2500, 0, 2500))));

        var call = kit.call(new StripePaymentGetTool(clients), """
                {"paymentIntentId": "pi_3Test"}""", Optional.empty(), Duration.ofSeconds(5));

        assertThat(call.get("amountReceived").asLong()).isEqualTo(2500);
        assertThat(call.get("amountRefunded").asLong())
                .as("no charge in the answer: nothing refunded")
                .isZero();
        assertThat(call.get("orderId").asText())
                .as("the order the intent was created for: its metadata order_id")
                .isEqualTo("acme:order:1001");
        stripe.verify(getRequestedFor(urlPathEqualTo("/stripe/v1/payment_intents/pi_3Test"))
                .withQueryParam("expand[0]", equalTo("latest_charge")));
    }

    @Test
    @DisplayName("P1-T39 payment get reports what Stripe refunded: the expanded latest charge's amount_refunded")
    void paymentGetReadsTheRefundedAmount() throws Exception {
        stripe.stubFor(get(urlPathEqualTo("/stripe/v1/payment_intents/pi_3Test"))
                .withQueryParam("expand[0]", equalTo("latest_charge"))
                .willReturn(okJson("""
                        {"id": "pi_3Test", "object": "payment_intent", "amount": 2500, "amount_capturable": 0,
                         "amount_received": 2500, "capture_method": "manual", "currency": "usd", "livemode": false,
                         "status": "succeeded",
                         "latest_charge": {"id": "ch_3Test", "object": "charge", "amount": 2500,
                           "amount_captured": 2500, "amount_refunded": 700, "currency": "usd",
                           "payment_intent": "pi_3Test", "refunded": false, "status": "succeeded"}}""")));

        var call = kit.call(new StripePaymentGetTool(clients), """
                {"paymentIntentId": "pi_3Test"}""", Optional.empty(), Duration.ofSeconds(5));

        assertThat(call.get("amountReceived").asLong()).isEqualTo(2500);
        assertThat(call.get("amountRefunded").asLong()).isEqualTo(700);
        assertThat(call.output().has("orderId")).as("no metadata: no order").isFalse();
    }

    @Test
    @DisplayName("P1-T20 payment get names the order of the intent's metadata shopify_order when order_id is absent")
    void paymentGetNamesTheStorefrontsOrder() throws Exception {
        stripe.stubFor(
                get(urlPathEqualTo("/stripe/v1/payment_intents/pi_3Test")).willReturn(okJson("""
                        {"id": "pi_3Test", "object": "payment_intent", "amount": 2500, "amount_capturable": 2500,
                         "amount_received": 0, "capture_method": "manual", "currency": "usd", "livemode": false,
                         "status": "requires_capture", "metadata": {"shopify_order": "gid://shopify/Order/1001"}}""")));

        var call = kit.call(new StripePaymentGetTool(clients), """
                {"paymentIntentId": "pi_3Test"}""", Optional.empty(), Duration.ofSeconds(5));

        assertThat(call.get("orderId").asText()).isEqualTo("gid://shopify/Order/1001");
    }

    @Test
    @DisplayName("P1-T20 a 500 is PROVIDER_UNAVAILABLE after one request; the retry sends the same key")
    void serverErrorIsRetryableWithTheSameKey() {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/capture"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"type\": \"api_error\", \"message\": \"Something went wrong\"}}")));
        StripeCaptureTool capture = new StripeCaptureTool(clients);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> kit.call(capture, "{\"paymentIntentId\": \"pi_3Test\"}"))
                    .isInstanceOfSatisfying(
                            KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        }

        List<LoggedRequest> sent =
                stripe.findAll(postRequestedFor(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/capture")));
        assertThat(sent).hasSize(2); // one per engine attempt: stripe-java's own retries are off
        assertThat(sent)
                .allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo(ToolTestKit.KEY));
    }

    @Test
    @DisplayName(
            "P1-T20 without a kernel key every attempt carries one key derived from the intent, never a random one")
    void derivedKeyWithoutKernelKey() throws Exception {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/capture"))
                .willReturn(okJson(intent("succeeded", 2500, 0, 2500))));
        StripeCaptureTool capture = new StripeCaptureTool(clients);

        kit.call(capture, "{\"paymentIntentId\": \"pi_3Test\"}", Optional.empty(), Duration.ofSeconds(5));
        kit.call(capture, "{\"paymentIntentId\": \"pi_3Test\"}", Optional.empty(), Duration.ofSeconds(5));
        kit.call(
                capture,
                "{\"paymentIntentId\": \"pi_3Test\", \"amount\": 100}",
                Optional.empty(),
                Duration.ofSeconds(5));

        List<String> keys =
                stripe.findAll(postRequestedFor(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/capture"))).stream()
                        .map(r -> r.getHeader("Idempotency-Key"))
                        .toList();
        assertThat(keys.get(0)).matches("autobiz:[0-9a-f]{32}").isEqualTo(keys.get(1));
        assertThat(keys.get(2)).as("another intent, another key").isNotEqualTo(keys.get(0));
    }

    @Test
    @DisplayName("P1-T06 a Stripe call slower than the tool's timeout fails as PROVIDER_UNAVAILABLE, sent once")
    void timeoutHonoured() {
        stripe.stubFor(post(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/capture"))
                .willReturn(okJson(intent("succeeded", 2500, 0, 2500)).withFixedDelay(3_000)));

        assertThatThrownBy(() -> kit.call(
                        new StripeCaptureTool(clients),
                        "{\"paymentIntentId\": \"pi_3Test\"}",
                        Optional.of(ToolTestKit.KEY),
                        Duration.ofMillis(400)))
                .isInstanceOfSatisfying(
                        KernelError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        stripe.verify(1, postRequestedFor(urlEqualTo("/stripe/v1/payment_intents/pi_3Test/capture")));
    }

    @Test
    @DisplayName("P1-H01 a live Stripe key in the credential store is refused before any request")
    void liveKeyRefusedAtCallTime() {
        ToolTestKit live = ToolTestKit.against(stripe, Map.of("stripe.api_key", "sk_" + "live_51FAKEFAKEFAKE"));
        StripeCaptureTool capture = new StripeCaptureTool(new StripeClients(live.providers, live.guard));

        assertThatThrownBy(() -> live.call(capture, "{\"paymentIntentId\": \"pi_3Test\"}"))
                .isInstanceOfSatisfying(KernelError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
                    assertThat(e.getMessage()).contains("live-key").doesNotContain("FAKEFAKE");
                });
        assertThat(stripe.getAllServeEvents()).isEmpty();
    }
}
