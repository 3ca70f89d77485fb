/**
 * Printful API v2 (bearer token, {@code X-PF-Store-Id}). Orders are created as drafts, which cost nothing, and only
 * a confirmation sends them to production and charges the store. Printful refuses a second order with the same
 * {@code external_id}, which makes creation idempotent.
 */
package io.autobiz.tools.printful;
