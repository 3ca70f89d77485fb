package io.autobiz.webhooks;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The providers whose webhooks AutoBiz receives, each by its {@link ProviderWebhook}. */
final class ProviderWebhooks {

    private static final Map<String, ProviderWebhook> BY_PROVIDER = Stream.of(
                    new StripeWebhook(),
                    new ShopifyWebhook(),
                    new PrintfulWebhook(),
                    new SendGridWebhook(),
                    new SlackWebhook())
            .collect(Collectors.toUnmodifiableMap(ProviderWebhook::provider, Function.identity()));

    private ProviderWebhooks() {}

    /** The provider's webhook; empty for a provider AutoBiz receives nothing from. */
    static Optional<ProviderWebhook> of(String provider) {
        return Optional.ofNullable(BY_PROVIDER.get(provider));
    }

    /** The events of a verified body of the provider's. */
    static List<ReceivedEvent> normalize(
            String provider, TenantId tenant, TenantSettings settings, byte[] body, HttpServletRequest request) {
        return of(provider)
                .orElseThrow(() -> new WebhookRejected(404, "unknown_provider", "no webhook endpoint for " + provider))
                .read(tenant, settings, body, request);
    }
}
