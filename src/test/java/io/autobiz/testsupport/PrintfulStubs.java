package io.autobiz.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;

/**
 * Printful's v2 API as the workflow ITs stub it on {@link ProviderStubs}' server: orders created, confirmed, read and
 * cancelled, and their shipments, in the shape Printful sends them ({@code {"data": ...}}).
 */
public final class PrintfulStubs {

    public static final String ORDERS = "/printful/v2/orders";

    private PrintfulStubs() {}

    /** {@code printful.order.create}: the draft order {@code printfulOrderId} for Shopify order {@code orderNumber}. */
    public static MappingBuilder orderCreated(long printfulOrderId, long orderNumber) {
        return post(urlEqualTo(ORDERS))
                .willReturn(okJson("{\"data\":{\"id\":%d,\"external_id\":\"shopify-%d\",\"status\":\"draft\"}}"
                        .formatted(printfulOrderId, orderNumber)));
    }

    /** Requests to confirm the order {@code printfulOrderId}. */
    public static MappingBuilder confirmation(long printfulOrderId) {
        return post(urlEqualTo(ORDERS + "/" + printfulOrderId + "/confirmation"));
    }

    /** {@code printful.order.confirm}: the order {@code printfulOrderId} is now {@code status} (e.g. "pending"). */
    public static MappingBuilder confirmed(long printfulOrderId, String status) {
        return confirmation(printfulOrderId).willReturn(okJson(statusJson(printfulOrderId, status)));
    }

    /** A Printful order's {@code id} and {@code status}. */
    public static String statusJson(long printfulOrderId, String status) {
        return "{\"data\":{\"id\":%d,\"status\":\"%s\"}}".formatted(printfulOrderId, status);
    }

    /** A Printful order of the test store (4242) for Shopify order {@code orderNumber}, with {@code status}. */
    public static String orderJson(long printfulOrderId, long orderNumber, String status) {
        return """
                {"data": {"id": %d, "external_id": "shopify-%d", "store_id": 4242, "status": "%s"}}""".formatted(printfulOrderId, orderNumber, status);
    }

    /** {@code printful.order.get} of every order under {@code pathPattern}: shipped or not, as {@code status}. */
    public static MappingBuilder orders(String pathPattern, long printfulOrderId, long orderNumber, String status) {
        return get(urlPathMatching(pathPattern))
                .willReturn(okJson("{\"data\":{\"id\":%d,\"external_id\":\"shopify-%d\",\"status\":\"%s\"}}"
                        .formatted(printfulOrderId, orderNumber, status)));
    }

    /** {@code printful.order.cancel} of every order under {@code pathPattern}: Printful cancelled {@code id}. */
    public static MappingBuilder orderCancelled(String pathPattern, long printfulOrderId) {
        return delete(urlPathMatching(pathPattern)).willReturn(okJson(statusJson(printfulOrderId, "canceled")));
    }

    /**
     * {@code printful.shipments.list}: the order {@code printfulOrderId} was sent as one USPS shipment with {@code
     * trackingNumber}, shipped at {@code shippedAt}.
     */
    public static MappingBuilder shipmentSent(
            long printfulOrderId, long shipmentId, String trackingNumber, String shippedAt) {
        return shipments(printfulOrderId, """
                [{"id":%d,"shipment_status":"shipped","carrier":"USPS","service":"First Class",
                  "tracking_number":"%s",
                  "tracking_url":"https://tools.usps.com/go/TrackConfirmAction?tLabels=%s",
                  "shipped_at":"%s"}]""".formatted(shipmentId, trackingNumber, trackingNumber, shippedAt));
    }

    /** {@code printful.shipments.list} of the order {@code printfulOrderId}: {@code shipments}, a JSON array. */
    public static MappingBuilder shipments(long printfulOrderId, String shipments) {
        return get(urlEqualTo(ORDERS + "/" + printfulOrderId + "/shipments"))
                .willReturn(okJson("{\"data\": " + shipments + "}"));
    }

    /** Printful's 404 for every GET under {@code pathPattern} (an order, or its shipments). */
    public static MappingBuilder notFound(String pathPattern) {
        return get(urlPathMatching(pathPattern)).willReturn(error(404, """
                {"code":404,"result":"Not found","error":{"reason":"NotFound","message":"Order not found"}}"""));
    }

    /** A Printful error answer with JSON {@code body}. */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
