package io.autobiz.tenancy;

import java.util.Map;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

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
        this(displayName, shopifyShop, printfulStoreId, printfulCatalog, mailFrom, mailTemplates, secrets, null, null);
    }

    @Override
    public String toString() {
        return "TenantSettings[" + displayName + ", " + secrets.size() + " secrets]";
    }
}
