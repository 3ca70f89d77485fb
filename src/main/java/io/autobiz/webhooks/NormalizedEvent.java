package io.autobiz.webhooks;

import io.autobiz.kernel.tenant.EntityId;

/**
 * A verified delivery in AutoBiz's terms: the provider's own IDs to deduplicate on, the entity it is about and the
 * workflow message it becomes (null when no workflow acts on it). {@code signedBodySha256} is the hash of the signed
 * body when that body is this one event (null for a batch), deduplicated whatever the unsigned headers say.
 */
record NormalizedEvent(
        String providerEventId,
        String dedupKey,
        String eventType,
        EntityId entityId,
        String messageName,
        String payload,
        String signedBodySha256) {}
