/**
 * A stand-in for Printful API v2 orders: drafts, confirmation, production over time, a shipment with a tracking
 * number, and the signed {@code shipment_sent} webhook Printful sends when the parcel leaves.
 */
@NamedInterface("printful")
package io.autobiz.sandbox.printful;

import org.springframework.modulith.NamedInterface;
