package io.autobiz.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;

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
 *
 * <p>A plain servlet, mapped to {@code /webhooks/*} by {@link WebhookConfiguration}, not a Spring MVC controller: every
 * answer is JSON it writes itself, so MVC's handler lookup, argument resolution and message converters would only cost
 * time. Other methods than POST get the servlet's 405.
 */
@Component
class WebhookServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(WebhookServlet.class);
    /** The pattern the {@code http.server.requests} metric and span name carry, as Spring MVC's mapping did. */
    static final String PATH_PATTERN = "/webhooks/{provider}/{tenant}";

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
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    WebhookServlet(
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

    /** {@code /webhooks/{provider}/{tenant}}: anything else under {@code /webhooks/} is no endpoint. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observed -> observed.setPathPattern(PATH_PATTERN));
        Attempt attempt = new Attempt();
        Answer answer;
        try {
            answer = receive(request.getPathInfo(), request, attempt);
        } catch (WebhookRejected rejected) {
            answer = rejected(rejected, attempt);
        }
        answer.writeTo(response);
    }

    /** What the refusal handler needs to know of how far a delivery got. */
    private static final class Attempt {
        String provider;
        RefusalLimiter.Source source;
    }

    /** The whole delivery, from the path after {@code /webhooks} to the answer; a refusal is thrown. */
    private Answer receive(String path, HttpServletRequest request, Attempt attempt) throws IOException {
        String[] segments = path == null ? new String[0] : path.split("/", -1);
        if (segments.length != 3 || !segments[0].isEmpty() || segments[2].isEmpty()) {
            throw new WebhookRejected(404, "unknown_endpoint", "webhooks are posted to /webhooks/{provider}/{store}");
        }
        String provider = segments[1];
        String tenant = segments[2];
        ProviderWebhook webhook = ProviderWebhooks.of(provider)
                .orElseThrow(
                        () -> new WebhookRejected(404, "unknown_provider", "no webhook endpoint for this provider"));
        attempt.provider = provider;
        if (!tenants.isKnown(tenant)) {
            throw new WebhookRejected(404, "unknown_tenant", "no such store");
        }
        TenantId store = TenantId.of(tenant);
        RefusalLimiter.Source source = new RefusalLimiter.Source(store, provider, request.getRemoteAddr());
        if (refusals.exhausted(source)) {
            throw WebhookRejected.rateLimited();
        }
        attempt.source = source;
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
        return Answer.stored(stored.size(), duplicates);
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
    private Answer handOffToSlackHandler(TenantId store, ReceivedEvent interaction, List<String> stored) {
        if (stored.isEmpty()) {
            return Answer.json(200, Map.of("status", "duplicate"));
        }
        SlackInteractionHandler.SlackReply reply =
                slack.handle(store, stored.get(0), Json.parse(interaction.payload()));
        events.mark(store, stored.get(0), Events.Status.HANDED_OFF);
        return Answer.json(reply.status(), reply.body());
    }

    /**
     * Every refusal of a known store's endpoint spends one of the source's refusals (a 429 spends nothing more); one
     * that names another store is also a security incident, recorded after the signature held, so at most the
     * source's limit of them per period.
     */
    private Answer rejected(WebhookRejected rejected, Attempt attempt) {
        String provider = attempt.provider;
        count(provider == null ? "unknown" : provider, rejected.reason);
        Map<String, Object> body = Map.of("error", rejected.reason, "message", rejected.getMessage());
        if (rejected.status == 429) {
            log.debug("webhook rejected: provider={} reason={}", provider, rejected.reason);
            return Answer.json(429, body).retryAfter(refusals.retryAfter().toSeconds());
        }
        log.info("webhook rejected: provider={} reason={}", provider, rejected.reason);
        if (attempt.source != null) {
            RefusalLimiter.Source source = attempt.source;
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
        return Answer.json(rejected.status, body);
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

    /** Looked up once per provider and outcome: the registry's own lookup sorts and hashes the tags every time. */
    private void count(String provider, String outcome) {
        counters.computeIfAbsent(
                        provider + '\n' + outcome,
                        key -> meters.counter("event_received_total", "provider", provider, "outcome", outcome))
                .increment();
    }

    /**
     * An answer as JSON. The common one, a delivery stored, is written without an object mapper: three fields, two of
     * them numbers and one of two fixed words.
     */
    private static final class Answer {

        private final int status;
        private final byte[] json;
        private final long retryAfterSeconds;

        private Answer(int status, byte[] json, long retryAfterSeconds) {
            this.status = status;
            this.json = json;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        static Answer stored(int stored, int duplicates) {
            String text = "{\"status\":\"" + (stored == 0 ? "duplicate" : "accepted") + "\",\"stored\":" + stored
                    + ",\"duplicates\":" + duplicates + "}";
            return new Answer(200, text.getBytes(StandardCharsets.UTF_8), -1);
        }

        static Answer json(int status, Map<String, Object> body) {
            try {
                return new Answer(status, Json.mapper().writeValueAsBytes(body), -1);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a webhook answer that is not JSON", e);
            }
        }

        Answer retryAfter(long seconds) {
            return new Answer(status, json, seconds);
        }

        void writeTo(HttpServletResponse response) throws IOException {
            response.setStatus(status);
            if (retryAfterSeconds >= 0) {
                response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
            }
            response.setContentType("application/json");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
        }
    }
}
