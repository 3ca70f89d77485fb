/**
 * Shopify's Admin GraphQL API (there is no official Java SDK): one named query or mutation per tool, sent with the
 * store's access token. Nothing outside this package knows GraphQL or Shopify's response shapes.
 */
package io.autobiz.tools.shopify;
