package io.autobiz.tools;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where each provider's API is ({@code autobiz.providers.*}): the real APIs by default, loopback stand-ins in the
 * quick start and in tests.
 *
 * @param stripe Stripe's API base
 * @param shopify the Admin API's origin; {@code {shop}} is replaced by the tenant's shop domain
 * @param shopifyApiVersion the pinned Admin API version
 * @param printful Printful's API base
 * @param sendgridHost SendGrid's host (and port), without a scheme
 * @param sendgridPathPrefix put before {@code v3/} in SendGrid paths; empty for the real API
 * @param sendgridPlainHttp http instead of https (loopback stand-ins only)
 * @param sendgridSandboxMode validate mail without delivering it; on everywhere but production
 */
@ConfigurationProperties("autobiz.providers")
public record ProviderProperties(
        @DefaultValue("https://api.stripe.com") URI stripe,
        @DefaultValue("https://{shop}") String shopify,
        @DefaultValue("2025-10") String shopifyApiVersion,
        @DefaultValue("https://api.printful.com") URI printful,
        @DefaultValue("api.sendgrid.com") String sendgridHost,
        @DefaultValue("") String sendgridPathPrefix,
        @DefaultValue("false") boolean sendgridPlainHttp,
        @DefaultValue("true") boolean sendgridSandboxMode) {}
