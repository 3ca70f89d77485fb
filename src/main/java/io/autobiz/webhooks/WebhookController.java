package io.autobiz.webhooks;

import io.autobiz.inbox.Events;
import io.autobiz.inbox.VerifiedEvent;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.credential.ScopedCredentials;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.tenancy.TenantSettings;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/{provider}/{tenant}} for stripe, shopify, printful, sendgrid and slack (interactions). In this
 * order, stopping at the first refusal: the provider and the store must exist (404), the source address must not have
 * spent its limit of refused deliveries to this endpoint (429), the body must fit the limit (413), the store must have
 * the provider's webhook secret (404), the signature must match the raw body in constant time and its timestamp be
 * fresh (401, 400 for a header that is not the provider's format). Until then nothing is written anywhere and nothing
 * is called but the cached secret lookup: the secret's read is audited only once the signature held. Each provider's
 * {@link ProviderWebhook} checks the signature and then reads the body, once, into events and their typed records,
 * from what the provider signed (a body for another shop, account, Printful store or Slack team is refused
 * with 403 and a security incident; a Shopify topic the body contradicts with 400), deduplicated for good on the
 * provider's own IDs and the SHA-256 of the signed body, stored, and answered 200 at once. Every refusal spends one of
 * the source's {@link RefusalLimiter refusals}. Workflows are driven by the {@link EventPoller}, never on the
 * provider's request thread.
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final String PROVIDER_ATTRIBUTE = "io.autobiz.webhooks.provider";
    private static final String SOURCE_ATTRIBUTE = "io.autobiz.webhooks.source";

    private final TenantDirectory tenants;
    private final CredentialScoper credentials;
    private final Events events;
    private final SlackInteractionHandler slack;
    private final EventPoller poller;
    private final SecurityIncidents incidents;
    private final RefusalLimiter refusals;
    private final WebhookProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    WebhookController(
            TenantDirectory tenants,
            CredentialScoper credentials,
            Events events,
            SlackInteractionHandler slack,
            EventPoller poller,
            SecurityIncidents incidents,
            RefusalLimiter refusals,
            WebhookProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.tenants = tenants;
        this.credentials = credentials;
        this.events = events;
        this.slack = slack;
        this.poller = poller;
        this.incidents = incidents;
        this.refusals = refusals;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    @PostMapping("/webhooks/{provider}/{tenant}")
    ResponseEntity<Map<String, Object>> receive(
            @PathVariable String provider, @PathVariable String tenant, HttpServletRequest request) throws IOException {
        ProviderWebhook webhook = ProviderWebhooks.of(provider)
                .orElseThrow(
                        () -> new WebhookRejected(404, "unknown_provider", "no webhook endpoint for this provider"));
        request.setAttribute(PROVIDER_ATTRIBUTE, provider);
        if (!tenants.isKnown(tenant)) {
            throw new WebhookRejected(404, "unknown_tenant", "no such store");
        }
        TenantId store = TenantId.of(tenant);
        RefusalLimiter.Source source = new RefusalLimiter.Source(store, provider, request.getRemoteAddr());
        if (refusals.exhausted(source)) {
            throw WebhookRejected.rateLimited();
        }
        request.setAttribute(SOURCE_ATTRIBUTE, source);
        byte[] body = readBounded(request, properties.maxBodyBytes());
        verify(webhook, store, body, request);

        TenantSettings settings = tenants.require(store);
        Instant receivedAt = clock.instant();
        String correlationId = UUID.randomUUID().toString();
        List<String> stored = new ArrayList<>();
        int duplicates = 0;
        List<ReceivedEvent> received = webhook.read(store, settings, body, request);
        for (ReceivedEvent event : received) {
            Optional<String> id = events.append(new VerifiedEvent(
                    store,
                    provider,
                    event.providerEventId(),
                    event.eventType(),
                    event.entityId(),
                    event.payload(),
                    correlationId,
                    receivedAt,
                    event.dedupKey(),
                    event.typedEvent(),
                    event.signedBodySha256()));
            if (id.isPresent()) {
                stored.add(id.get());
                count(provider, "accepted");
            } else {
                duplicates++;
                count(provider, "duplicate");
            }
        }
        if (provider.equals("slack")) {
            return handOffToSlackHandler(store, received.get(0), stored);
        }
        if (!stored.isEmpty()) {
            poller.wake(store);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", stored.isEmpty() ? "duplicate" : "accepted");
        answer.put("stored", stored.size());
        answer.put("duplicates", duplicates);
        return ResponseEntity.ok(answer);
    }

    /**
     * Checks the signature with the tenant's webhook secret (or SendGrid's verification key) for this provider; none
     * configured is a 404. The secret comes from the credential cache without an audit row; the read is written down
     * (once per store, secret and minute) only after the signature held, so unsigned traffic writes nothing.
     */
    private void verify(ProviderWebhook webhook, TenantId store, byte[] body, HttpServletRequest request) {
        String provider = webhook.provider();
        ScopedCredentials scoped = credentials.scopeFor(store, provider, "webhook:" + provider);
        String key = webhook.secretName();
        String secret = scoped.findToCheckProof(key)
                .orElseThrow(() ->
                        new WebhookRejected(404, "not_configured", "this store receives no " + provider + " webhooks"));
        webhook.authenticate(secret, body, request, clock.instant(), properties.tolerance());
        scoped.proofHeld(key);
    }

    /** A new interaction goes to the handler once; a redelivery of one already handled is only acknowledged. */
    private ResponseEntity<Map<String, Object>> handOffToSlackHandler(
            TenantId store, ReceivedEvent interaction, List<String> stored) {
        if (stored.isEmpty()) {
            return ResponseEntity.ok(Map.of("status", "duplicate"));
        }
        SlackInteractionHandler.SlackReply reply =
                slack.handle(store, stored.get(0), Json.parse(interaction.payload()));
        events.mark(store, stored.get(0), Events.Status.HANDED_OFF);
        return ResponseEntity.status(reply.status()).body(reply.body());
    }

    /**
     * Every refusal of a known store's endpoint spends one of the source's refusals (a 429 spends nothing more); one
     * that names another store is also a security incident, recorded after the signature held, so at most the
     * source's limit of them per period.
     */
    @ExceptionHandler(WebhookRejected.class)
    ResponseEntity<Map<String, Object>> rejected(WebhookRejected rejected, HttpServletRequest request) {
        Object provider = request.getAttribute(PROVIDER_ATTRIBUTE);
        count(provider == null ? "unknown" : provider.toString(), rejected.reason);
        if (rejected.status == 429) {
            log.debug("webhook rejected: provider={} reason={}", provider, rejected.reason);
            return ResponseEntity.status(429)
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            Long.toString(refusals.retryAfter().toSeconds()))
                    .body(Map.of("error", rejected.reason, "message", rejected.getMessage()));
        }
        log.info("webhook rejected: provider={} reason={}", provider, rejected.reason);
        if (request.getAttribute(SOURCE_ATTRIBUTE) instanceof RefusalLimiter.Source source) {
            refusals.refused(source);
            if (rejected.incident != null) {
                // Not the address: it may be a person's, and the incident says enough without it.
                incidents.record(SecurityIncident.of(
                        source.store(),
                        "webhook:" + source.provider(),
                        SecurityIncident.Channel.WEBHOOK,
                        rejected.incident));
            }
        }
        return ResponseEntity.status(rejected.status)
                .body(Map.of("error", rejected.reason, "message", rejected.getMessage()));
    }

    /** Reads at most the limit, so an oversized body is refused without being held in memory. */
    private static byte[] readBounded(HttpServletRequest request, int limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private static WebhookRejected tooLarge(int limit) {
        return new WebhookRejected(413, "too_large", "the body exceeds " + limit + " bytes");
    }

    private void count(String provider, String outcome) {
        meters.counter("event_received_total", "provider", provider, "outcome", outcome)
                .increment();
    }
}
