/**
 * A stand-in for Shopify's Admin GraphQL endpoint, answering the named operations AutoBiz sends with Shopify's
 * response shapes (including {@code extensions.cost}); any other operation is refused as Shopify would refuse it.
 */
@NamedInterface("shopify")
package io.autobiz.sandbox.shopify;

import org.springframework.modulith.NamedInterface;
