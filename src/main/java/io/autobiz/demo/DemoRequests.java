package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import java.util.function.Function;

/** The demo endpoints' bodies: optional, and when present a JSON object. */
final class DemoRequests {

    private DemoRequests() {}

    /** An empty object for no body; otherwise the object, or the exception {@code refusal} makes of what is wrong. */
    static JsonNode object(String body, Function<String, ? extends RuntimeException> refusal) {
        if (body == null || body.isBlank()) {
            return Json.object();
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw refusal.apply("the body is not valid JSON");
        }
        if (!parsed.isObject()) {
            throw refusal.apply("the body must be a JSON object");
        }
        return parsed;
    }
}
