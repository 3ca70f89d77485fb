package io.autobiz.app;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code autobiz.*} setting, typed, in one place. Profiles (quick start, postgres) set these; code never reads
 * a key on its own.
 *
 * @param providers where each provider's API is
 * @param tenants the stores this node serves, with their provider settings and secrets to seed the encrypted credential
 *     store with
 * @param kernel kernel-wide settings
 */
@ConfigurationProperties("autobiz")
public record AutoBizProperties(
        @DefaultValue Providers providers,
        Map<String, TenantSettings> tenants,
        @DefaultValue Kernel kernel) {

    public AutoBizProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /**
     * @param stripe Stripe's API base
     * @param shopify the Admin API's origin; {@code {shop}} is replaced by the tenant's shop domain
     * @param shopifyApiVersion the pinned Admin API version
     * @param printful Printful's API base
     * @param sendgridHost SendGrid's host (and port), without a scheme
     * @param sendgridPathPrefix put before {@code v3/} in SendGrid paths; empty for the real API
     * @param sendgridPlainHttp http instead of https (loopback stand-ins only)
     * @param sendgridSandboxMode validate mail without delivering it; on everywhere but production
     */
    public record Providers(
            @DefaultValue("https://api.stripe.com") URI stripe,
            @DefaultValue("https://{shop}") String shopify,
            @DefaultValue("2025-10") String shopifyApiVersion,
            @DefaultValue("https://api.printful.com") URI printful,
            @DefaultValue("api.sendgrid.com") String sendgridHost,
            @DefaultValue("") String sendgridPathPrefix,
            @DefaultValue("false") boolean sendgridPlainHttp,
            @DefaultValue("true") boolean sendgridSandboxMode) {}

    /**
     * One store.
     *
     * @param displayName shown to people
     * @param shopifyShop the shop's domain, e.g. {@code acme.myshopify.com}
     * @param printfulStoreId sent as {@code X-PF-Store-Id}
     * @param printfulCatalog Shopify SKU to Printful catalog variant ID
     * @param mailFrom the sender of customer mail
     * @param mailTemplates template name (e.g. {@code order-shipped}) to SendGrid dynamic template ID
     * @param secrets {@code <dependency>.<key>} to value, imported at start-up into the encrypted credential store when it
     *     has no secret by that name (never overwriting one); test-mode values only outside production
     * @param stripeAccount the connected account ({@code acct_...}) whose events this store receives, when its Stripe
     *     webhooks come through a Connect platform; a delivery naming another account is refused. Unset: not compared
     * @param slackTeamId the Slack workspace ({@code T...}) whose interactions this store accepts; unset: not compared
     */
    public record TenantSettings(
            String displayName,
            String shopifyShop,
            String printfulStoreId,
            Map<String, Integer> printfulCatalog,
            String mailFrom,
            Map<String, String> mailTemplates,
            Map<String, String> secrets,
            String stripeAccount,
            String slackTeamId) {

        @ConstructorBinding
        public TenantSettings {
            printfulCatalog = printfulCatalog == null ? Map.of() : Map.copyOf(printfulCatalog);
            mailTemplates = mailTemplates == null ? Map.of() : Map.copyOf(mailTemplates);
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        }

        /** A store whose Stripe account and Slack workspace are not compared with its deliveries. */
        public TenantSettings(
                String displayName,
                String shopifyShop,
                String printfulStoreId,
                Map<String, Integer> printfulCatalog,
                String mailFrom,
                Map<String, String> mailTemplates,
                Map<String, String> secrets) {
            this(
                    displayName,
                    shopifyShop,
                    printfulStoreId,
                    printfulCatalog,
                    mailFrom,
                    mailTemplates,
                    secrets,
                    null,
                    null);
        }

        @Override
        public String toString() {
            return "TenantSettings[" + displayName + ", " + secrets.size() + " secrets]";
        }
    }

    /**
     * @param toolThreads how many tool calls may be in flight at once on this node
     */
    public record Kernel(
            @DefaultValue("32") int toolThreads,
            @DefaultValue("PT30S") Duration shutdownGrace) {}
}
