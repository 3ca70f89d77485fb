/** A stand-in for Stripe's PaymentIntents API: form-encoded requests, Stripe's JSON and error shapes, idempotency keys. */
@NamedInterface("stripe")
package io.autobiz.sandbox.stripe;

import org.springframework.modulith.NamedInterface;
