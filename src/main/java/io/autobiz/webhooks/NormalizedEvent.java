package io.autobiz.webhooks;

import io.autobiz.kernel.tenant.EntityId;

/**
 * A verified delivery in AutoBiz's terms: the provider's own IDs to deduplicate on, the entity it is about and the
 * workflow message it becomes (null when no workflow acts on it).
 */
record NormalizedEvent(
        String providerEventId,
        String dedupKey,
        String eventType,
        EntityId entityId,
        String messageName,
        String payload) {}
