/**
 * In-process stand-ins for Stripe, Shopify, Printful and SendGrid, for the quick start. They keep state the way the
 * real services do and answer in the real APIs' shapes, so the same tool code runs against them and against the
 * real endpoints. Enabled only with {@code autobiz.sandbox.enabled=true}; never in production.
 */
@ApplicationModule(
        displayName = "Sandbox providers",
        allowedDependencies = {"tenancy"})
package io.autobiz.sandbox;

import org.springframework.modulith.ApplicationModule;
