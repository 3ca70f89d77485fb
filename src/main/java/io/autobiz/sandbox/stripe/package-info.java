/** A stand-in for Stripe's PaymentIntents API: form-encoded requests, Stripe's JSON and error shapes, idempotency keys. */
package io.autobiz.sandbox.stripe;
