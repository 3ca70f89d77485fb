/**
 * The JVM-wide test network guard: every test JVM of the application module refuses connections to any address that
 * is not loopback, so no test can reach a real provider, however its client is configured. It must never allow a
 * host by name: only the address actually being connected to counts.
 */
package io.autobiz.testsupport.network;
