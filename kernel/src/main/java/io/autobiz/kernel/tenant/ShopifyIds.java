package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;
import java.util.Optional;

/**
 * Shopify's IDs and the IDs AutoBiz derives from them, spelt out here and nowhere else: an order's GID ({@code
 * gid://shopify/Order/1001}) and its number, the external ID AutoBiz gives the order's Printful order ({@code
 * shopify-1001}), and the entity ID an order's events are ordered by ({@code acme:order:1001}).
 */
@KernelApi
public final class ShopifyIds {

    private static final String ORDER_GID = "gid://shopify/Order/";
    private static final String PRINTFUL_EXTERNAL_ID = "shopify-";
    private static final String ORDER_ENTITY_KIND = "order";

    private ShopifyIds() {}

    /** The GID of the order numbered {@code number}. */
    public static String orderGid(long number) {
        return ORDER_GID + number;
    }

    /** An order named either way Shopify names it: a GID as it is, an order number (REST, webhooks) as its GID. */
    public static String orderGid(String gidOrNumber) {
        return gidOrNumber.startsWith("gid://") ? gidOrNumber : ORDER_GID + gidOrNumber;
    }

    /** True if {@code text} is an order GID. */
    public static boolean isOrderGid(String text) {
        return text != null && text.startsWith(ORDER_GID);
    }

    /** The order number a GID ends with; empty when {@code text} is no order GID. */
    public static Optional<String> parseOrderId(String text) {
        return isOrderGid(text) ? Optional.of(text.substring(ORDER_GID.length())) : Optional.empty();
    }

    /** The last part of an order's GID or number: its number. */
    public static String orderNumber(String gidOrNumber) {
        return gidOrNumber.substring(gidOrNumber.lastIndexOf('/') + 1);
    }

    /** The external ID of the Printful order AutoBiz creates for a Shopify order (its GID or number). */
    public static String printfulExternalId(String orderGidOrNumber) {
        return PRINTFUL_EXTERNAL_ID + orderNumber(orderGidOrNumber);
    }

    /** The Shopify order number a Printful order's external ID names; empty when AutoBiz did not name it. */
    public static Optional<String> orderNumberOfExternalId(String externalId) {
        return externalId != null && externalId.startsWith(PRINTFUL_EXTERNAL_ID)
                ? Optional.of(externalId.substring(PRINTFUL_EXTERNAL_ID.length()))
                : Optional.empty();
    }

    /** The entity an order's events are about, whichever provider sent them: {@code {tenant}:order:{number}}. */
    public static EntityId orderEntity(TenantId tenant, String orderGidOrNumber) {
        return EntityId.of(tenant, ORDER_ENTITY_KIND, orderNumber(orderGidOrNumber));
    }

    /** The order number of an order entity ID ({@code {tenant}:order:{number}}); empty for any other entity. */
    public static Optional<String> orderNumberOfEntity(String entityId) {
        return EntityId.tryParse(entityId)
                .filter(entity -> entity.kind().equals(ORDER_ENTITY_KIND))
                .map(EntityId::localId);
    }
}
