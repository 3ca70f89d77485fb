/**
 * Stripe through stripe-java's {@code StripeClient}. The client's own retries are off: the engine retries the job,
 * and the kernel's external idempotency key makes every attempt of one call the same call at Stripe.
 */
package io.autobiz.tools.stripe;
