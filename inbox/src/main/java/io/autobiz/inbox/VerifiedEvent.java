package io.autobiz.inbox;

import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A provider's event whose signature has been checked with the tenant's secret.
 *
 * @param source the provider: stripe, shopify, printful, sendgrid, slack
 * @param providerEventId the provider's own ID for the event; a second delivery carries the same one
 * @param eventType the provider's event type, e.g. {@code shipment_sent}
 * @param entityId the entity the event is about, namespaced {@code {tenant}:{kind}:{id}} and always of {@code tenant};
 *     null when the event is about no single entity
 * @param payload the raw body as received
 * @param dedupKey a second key deduplicated for good, or null (Shopify: {@code topic:event ID}, shared by the deliveries
 *     of one merchant action to one topic)
 * @param typedEvent what the event says happened, read once from the signed body; null when no workflow acts on this
 *     kind of event. It names the {@link #message() message} the event becomes.
 * @param signedBodySha256 the SHA-256 of the signed body when that body is this one event, deduplicated for good: a
 *     second delivery of the same signed bytes is a duplicate whatever its unsigned headers say; null when one body
 *     carries several events (SendGrid batches, each deduplicated on its own signed ID)
 */
public record VerifiedEvent(
        TenantId tenant,
        String source,
        String providerEventId,
        String eventType,
        EntityId entityId,
        String payload,
        String correlationId,
        Instant receivedAt,
        String dedupKey,
        ProviderEvent typedEvent,
        String signedBodySha256) {

    /** An event that is not deduplicated on its signed body. */
    public VerifiedEvent(
            TenantId tenant,
            String source,
            String providerEventId,
            String eventType,
            EntityId entityId,
            String payload,
            String correlationId,
            Instant receivedAt,
            String dedupKey,
            ProviderEvent typedEvent) {
        this(
                tenant,
                source,
                providerEventId,
                eventType,
                entityId,
                payload,
                correlationId,
                receivedAt,
                dedupKey,
                typedEvent,
                null);
    }

    /** An event with no second dedup key and no workflow message. */
    public VerifiedEvent(
            TenantId tenant,
            String source,
            String providerEventId,
            String eventType,
            EntityId entityId,
            String payload,
            String correlationId,
            Instant receivedAt) {
        this(
                tenant,
                source,
                providerEventId,
                eventType,
                entityId,
                payload,
                correlationId,
                receivedAt,
                null,
                null,
                null);
    }

    public VerifiedEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(providerEventId, "providerEventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (entityId != null && !entityId.belongsTo(tenant)) {
            throw new IllegalArgumentException("an event of tenant " + tenant
                    + " cannot be about an entity of another store (" + entityId.tenant() + ")");
        }
    }

    /** The BPMN message the event becomes, or null when no workflow acts on it. */
    public WorkflowMessage message() {
        return typedEvent == null ? null : typedEvent.message();
    }
}
