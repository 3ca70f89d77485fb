package io.autobiz.webhooks;

import io.autobiz.inbox.ProviderEvent;
import io.autobiz.kernel.tenant.EntityId;

/**
 * One event of a verified delivery, as its {@link ProviderWebhook} read it: the provider's own IDs to deduplicate on,
 * the entity it is about, and what it says happened ({@code typedEvent}, which names the workflow message it becomes;
 * null when no workflow acts on it). {@code signedBodySha256} is the hash of the signed body when that body is this one
 * event (null for a batch), deduplicated whatever the unsigned headers say. An ID that does not fit {@code
 * event_store}'s columns, or holds a control character, is refused as malformed here, never a failed insert.
 */
record ReceivedEvent(
        String providerEventId,
        String dedupKey,
        String eventType,
        EntityId entityId,
        ProviderEvent typedEvent,
        String payload,
        String signedBodySha256) {

    // The widths of event_store's columns.
    static final int MAX_PROVIDER_EVENT_ID = 200;
    static final int MAX_EVENT_TYPE = 100;
    private static final int MAX_DEDUP_KEY = 300;

    ReceivedEvent {
        fits(providerEventId, MAX_PROVIDER_EVENT_ID, "ID");
        fits(eventType, MAX_EVENT_TYPE, "type");
        if (dedupKey != null) {
            fits(dedupKey, MAX_DEDUP_KEY, "identity");
        }
    }

    /** An ID that fits its column and holds no control character (PostgreSQL refuses NUL in text). */
    private static void fits(String value, int max, String what) {
        if (value.length() > max) {
            throw WebhookRejected.malformed("the event's " + what + " is longer than " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw WebhookRejected.malformed("the event's " + what + " holds a control character");
        }
    }
}
