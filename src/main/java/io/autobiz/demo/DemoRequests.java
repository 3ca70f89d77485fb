package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** What the demo endpoints share: an optional JSON object body, and refusals with a status, a code and a message. */
final class DemoRequests {

    private DemoRequests() {}

    /** A request the demo cannot serve, with the HTTP status that says why. */
    static final class Refused extends RuntimeException {
        final HttpStatus status;
        final String error;

        Refused(HttpStatus status, String error, String message) {
            super(message);
            this.status = status;
            this.error = error;
        }

        ResponseEntity<Map<String, Object>> response() {
            return ResponseEntity.status(status).body(Map.of("error", error, "message", getMessage()));
        }
    }

    /** An empty body is an empty object; anything but a JSON object is refused with 400 {@code INVALID_REQUEST}. */
    static JsonNode object(String body) {
        return object(body, message -> new Refused(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", message));
    }

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
