/**
 * Circuit breakers, one per dependency (stripe, shopify, printful, sendgrid, slack, llm), on Resilience4j's state
 * machine, with their state shared by the nodes through a {@link io.autobiz.kernel.resilience.BreakerStates} (Redis
 * in the application, local memory when it is unreachable). An open breaker refuses a call before it leaves the kernel;
 * nothing here ever calls a provider.
 */
package io.autobiz.kernel.resilience;
