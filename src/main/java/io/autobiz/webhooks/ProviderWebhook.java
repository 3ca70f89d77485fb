package io.autobiz.webhooks;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One provider's webhooks: how its deliveries are signed, and what their bodies say, read once into {@link
 * ReceivedEvent}s (with a typed event where a workflow acts on them). Only what the provider signed decides: the body's
 * own shop, account, Printful store or Slack team must be this store's (else 403, a security incident), and a body or
 * header that is not what the provider sends is refused with 400. Nothing is stored for any refusal.
 */
interface ProviderWebhook {

    /** The provider's name in {@code /webhooks/{provider}/{tenant}} and in {@code event_store.source}. */
    String provider();

    /** The name of the store's credential that checks the signature (a secret, or SendGrid's public key). */
    default String secretName() {
        return "webhook_secret";
    }

    /** Refuses (401, or 400 for a header that is not the provider's format) a delivery the secret did not sign. */
    void authenticate(String secret, byte[] body, HttpServletRequest request, Instant now, Duration tolerance);

    /** The events of a verified body. */
    List<ReceivedEvent> read(TenantId tenant, TenantSettings settings, byte[] body, HttpServletRequest request);
}
