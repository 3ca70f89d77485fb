package io.autobiz.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * Stripe's API as the workflow ITs stub it on {@link ProviderStubs}' server: PaymentIntents (read, captured, cancelled)
 * and refunds, in the shape Stripe sends them (manual capture, USD unless said otherwise, test mode).
 */
public final class StripeStubs {

    public static final String PAYMENT_INTENTS = "/stripe/v1/payment_intents/";
    public static final String REFUNDS = "/stripe/v1/refunds";

    private StripeStubs() {}

    /**
     * A PaymentIntent of {@code amount} cents in USD with {@code status}: capturable while it is {@code
     * requires_capture}, received once it has {@code succeeded}, neither otherwise; no metadata.
     */
    public static String paymentIntentJson(String id, long amount, String status) {
        return paymentIntentJson(
                id,
                amount,
                status.equals("requires_capture") ? amount : 0,
                status.equals("succeeded") ? amount : 0,
                status,
                null);
    }

    /** A PaymentIntent with every amount given; {@code metadataOrderId} ({@code order_id}) left out when null. */
    public static String paymentIntentJson(
            String id, long amount, long capturable, long received, String status, String metadataOrderId) {
        return paymentIntentJson(id, amount, capturable, received, "usd", status, metadataOrderId);
    }

    private static String paymentIntentJson(
            String id,
            long amount,
            long capturable,
            long received,
            String currency,
            String status,
            String metadataOrderId) {
        String metadata = metadataOrderId == null ? "" : "\"metadata\":{\"order_id\":\"" + metadataOrderId + "\"},";
        return """
                {"id":"%s","object":"payment_intent","amount":%d,"amount_capturable":%d,"amount_received":%d,
                 "capture_method":"manual","currency":"%s","livemode":false,%s"status":"%s"}""".formatted(id, amount, capturable, received, currency, metadata, status);
    }

    /**
     * {@code paymentIntentJson} with its latest charge expanded (as {@code expand[]=latest_charge} reads it): {@code
     * captured} cents captured, {@code refunded} of them refunded.
     */
    public static String withLatestCharge(String paymentIntentJson, String id, long captured, long refunded) {
        return paymentIntentJson.replaceFirst("}$", """
                ,"latest_charge":{"id":"ch_%s","object":"charge","amount":%d,"amount_captured":%d,
                 "amount_refunded":%d,"currency":"usd","payment_intent":"%s","status":"succeeded"}}""".formatted(id.substring(3), captured, captured, refunded, id));
    }

    /** {@code stripe.payment.get} of {@code id}. */
    public static MappingBuilder paymentIntent(String id) {
        return get(urlPathEqualTo(PAYMENT_INTENTS + id));
    }

    /** {@code stripe.payment.get} of every PaymentIntent whose ID matches {@code idPattern}. */
    public static MappingBuilder paymentIntents(String idPattern) {
        return get(urlPathMatching(PAYMENT_INTENTS + idPattern));
    }

    /**
     * {@code stripe.payment.get}: authorised for {@code metadataOrderId} over {@code amount} in {@code currency},
     * with {@code status}.
     */
    public static MappingBuilder payment(
            String id, String metadataOrderId, long amount, String currency, String status) {
        long capturable = status.equals("requires_capture") ? amount : 0;
        long received = status.equals("succeeded") ? amount : 0;
        return paymentIntent(id)
                .willReturn(
                        okJson(paymentIntentJson(id, amount, capturable, received, currency, status, metadataOrderId)));
    }

    /**
     * {@code stripe.payment.get}: {@code amount} cents in USD authorised for the Shopify order {@code orderNumber}
     * (metadata {@code order_id}, as {@code stripe.payment.authorize} writes it), waiting to be captured.
     */
    public static MappingBuilder authorized(String id, long orderNumber, long amount) {
        return payment(id, ShopifyStubs.gid(orderNumber), amount, "usd", "requires_capture");
    }

    /** {@code stripe.payment.get}: a payment of {@code amount} cents in USD that has succeeded (captured), without metadata. */
    public static MappingBuilder succeeded(String id, long amount) {
        return paymentIntent(id).willReturn(okJson(paymentIntentJson(id, amount, "succeeded")));
    }

    /** Requests to capture {@code id}. */
    public static MappingBuilder capture(String id) {
        return post(urlEqualTo(PAYMENT_INTENTS + id + "/capture"));
    }

    /** {@code stripe.payment.capture}: Stripe captured {@code amount} of {@code id}. */
    public static MappingBuilder captured(String id, long amount) {
        return capture(id).willReturn(okJson(paymentIntentJson(id, amount, "succeeded")));
    }

    /** What reached Stripe as a capture of {@code id}. */
    public static RequestPatternBuilder captureRequested(String id) {
        return postRequestedFor(urlEqualTo(PAYMENT_INTENTS + id + "/capture"));
    }

    /** Stripe's 400 for a capture of a PaymentIntent already cancelled. */
    public static MappingBuilder captureRefused(String id) {
        return capture(id).willReturn(error(400, """
                {"error":{"type":"invalid_request_error","code":"payment_intent_unexpected_state",
                 "message":"This PaymentIntent could not be captured because it has a status of canceled."}}"""));
    }

    /** {@code stripe.payment.cancel}: Stripe cancelled the authorisation of {@code id} (received nothing). */
    public static String cancelledJson(String id, long amount) {
        return paymentIntentJson(id, amount, "canceled");
    }

    /** Stripe's refund {@code refundId} of {@code amount} cents of {@code paymentIntentId}, succeeded. */
    public static String refundJson(String refundId, long amount, String paymentIntentId) {
        return """
                {"id":"%s","object":"refund","amount":%d,"currency":"usd","payment_intent":"%s",
                 "status":"succeeded"}""".formatted(refundId, amount, paymentIntentId);
    }

    /** {@code stripe.refund.create}: every refund asked for answers as {@link #refundJson}. */
    public static MappingBuilder refunded(String refundId, long amount, String paymentIntentId) {
        return post(urlEqualTo(REFUNDS)).willReturn(okJson(refundJson(refundId, amount, paymentIntentId)));
    }

    /** What reached Stripe as a refund. */
    public static RequestPatternBuilder refundRequests() {
        return postRequestedFor(urlEqualTo(REFUNDS));
    }

    /** Stripe's 404 for a PaymentIntent it does not have, for every ID matching {@code idPattern}. */
    public static MappingBuilder paymentNotFound(String idPattern) {
        return paymentIntents(idPattern).willReturn(error(404, """
                {"error":{"code":"resource_missing","param":"intent",
                 "message":"No such payment_intent","type":"invalid_request_error"}}"""));
    }

    /** A Stripe error answer with JSON {@code body}. */
    public static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
