/**
 * Wiring of the kernel's circuit breakers: their settings, the Redis store that shares their state between nodes (with
 * a back-off so an unreachable Redis costs nothing), and the admin API to see and reset them. Never decides a breaker's
 * state itself; that is the kernel's.
 */
package io.autobiz.operations.resilience;
