package io.autobiz.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.autobiz.kernel.json.Json;

/** A {@link ProviderEvent} in and out of {@code event_store.typed_event} (JSON, its record named by {@code event}). */
final class TypedEvents {

    private TypedEvents() {}

    /** The event as stored in {@code event_store.typed_event}. */
    static String write(ProviderEvent event) {
        try {
            return Json.mapper().writerFor(ProviderEvent.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a typed event could not be written: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@code event_store.typed_event}. */
    static ProviderEvent read(String stored) {
        try {
            return Json.mapper().readValue(stored, ProviderEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored typed event could not be read: " + e.getOriginalMessage(), e);
        }
    }
}
