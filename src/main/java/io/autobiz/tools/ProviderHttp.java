package io.autobiz.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over HTTP for providers without a usable Java SDK (Shopify's Admin GraphQL, Printful v2), with one mapping of
 * HTTP outcomes to kernel errors: 429 and 5xx may pass (retryable), other 4xx will not. Response bodies are not
 * copied into errors because providers echo request data, which may be personal.
 */
public final class ProviderHttp {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    private final HttpClient client;

    public ProviderHttp(HttpClient client) {
        this.client = client;
    }

    /** A response the caller may inspect before deciding (e.g. Shopify's throttling inside a 200). */
    public record Reply(int status, JsonNode body, Optional<String> retryAfter) {}

    public Reply exchange(String provider, HttpRequest.Builder request, Duration timeout, String correlationId)
            throws InterruptedException {
        HttpRequest built = request.timeout(timeout)
                .header(CORRELATION_HEADER, correlationId)
                .header("Accept", "application/json")
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    provider + " could not be reached: " + e.getClass().getSimpleName(),
                    Map.of("provider", provider),
                    e);
        }
        int status = response.statusCode();
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        if (status == 429 || status >= 500) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    provider + " answered HTTP " + status,
                    Map.of("provider", provider, "status", status, "retryAfter", retryAfter.orElse("")));
        }
        if (status >= 400) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_REJECTED,
                    provider + " refused the request with HTTP " + status,
                    Map.of("provider", provider, "status", status));
        }
        String text = response.body();
        JsonNode body = text == null || text.isBlank() ? Json.object() : parse(provider, text);
        return new Reply(status, body, retryAfter);
    }

    public JsonNode postJson(
            String provider,
            URI uri,
            Map<String, String> headers,
            JsonNode body,
            Duration timeout,
            String correlationId)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        headers.forEach(request::header);
        return exchange(provider, request, timeout, correlationId).body();
    }

    public JsonNode get(String provider, URI uri, Map<String, String> headers, Duration timeout, String correlationId)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        headers.forEach(request::header);
        return exchange(provider, request, timeout, correlationId).body();
    }

    private static JsonNode parse(String provider, String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    provider + " answered with a body that is not JSON",
                    Map.of("provider", provider));
        }
    }
}
