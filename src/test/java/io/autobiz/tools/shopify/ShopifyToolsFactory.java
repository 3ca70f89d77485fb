package io.autobiz.tools.shopify;

import io.autobiz.tools.ToolTestKit;

/** The Shopify tools wired as the application wires them, for tests outside this package. */
public final class ShopifyToolsFactory {

    private final ShopifyGraphql graphql;

    public ShopifyToolsFactory(ToolTestKit kit) {
        this.graphql = new ShopifyGraphql(kit.http, kit.providers, kit.tenants);
    }

    public ShopifyOrderGetTool get() {
        return new ShopifyOrderGetTool(graphql);
    }

    public ShopifyOrderUpdateTool update() {
        return new ShopifyOrderUpdateTool(graphql);
    }

    public ShopifyRefundCreateTool refund() {
        return new ShopifyRefundCreateTool(graphql);
    }

    public ShopifyOrderCancelTool cancel() {
        return new ShopifyOrderCancelTool(graphql);
    }
}
