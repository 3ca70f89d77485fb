package io.autobiz.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.ToolUsage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over HTTP for providers without a usable Java SDK (Shopify's Admin GraphQL, Printful v2), with one mapping of
 * HTTP outcomes to kernel errors: 5xx and network failures may pass ({@code PROVIDER_UNAVAILABLE}), other 4xx will not
 * ({@code PROVIDER_REJECTED}). HTTP 429 means the provider did not run the request, so it is waited out (from
 * {@code Retry-After} or Printful's {@code X-Ratelimit-Reset}) and sent again, within the call's timeout; a 5xx is never
 * repeated here, because a write may have happened: the engine retries the step with the same idempotency key. Response
 * bodies are not copied into errors because providers echo request data, which may be personal.
 */
public final class ProviderHttp {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    static final int MAX_THROTTLED_ATTEMPTS = 4;

    private final HttpClient client;
    private final Sleeper sleeper;

    public ProviderHttp(HttpClient client) {
        this(client, Sleeper.REAL);
    }

    public ProviderHttp(HttpClient client, Sleeper sleeper) {
        this.client = client;
        this.sleeper = sleeper;
    }

    /** A response the caller may inspect before deciding (e.g. Shopify's throttling inside a 200). */
    public record Reply(int status, JsonNode body, Optional<String> retryAfter) {}

    /** The sleeper this client waits with, for callers that handle throttling inside a 200 themselves. */
    public Sleeper sleeper() {
        return sleeper;
    }

    public Reply exchange(
            String provider, HttpRequest.Builder request, Duration timeout, String correlationId, ToolUsage usage)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest built = request.timeout(timeout)
                .header(CORRELATION_HEADER, correlationId)
                .header("Accept", "application/json")
                .build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = send(provider, built, usage);
            int status = response.statusCode();
            Optional<String> retryAfter = response.headers().firstValue("Retry-After");
            if (status == 429) {
                Duration wait = throttleWait(response.headers());
                if (attempt < MAX_THROTTLED_ATTEMPTS && fitsBefore(deadline, wait)) {
                    sleeper.sleep(wait);
                    continue;
                }
                throw KernelError.of(
                        ErrorCode.PROVIDER_UNAVAILABLE,
                        provider + " is throttling (HTTP 429) beyond this call's timeout",
                        Map.of("provider", provider, "status", status, "retryAfter", retryAfter.orElse("")));
            }
            if (status >= 500) {
                throw KernelError.of(
                        ErrorCode.PROVIDER_UNAVAILABLE,
                        provider + " answered HTTP " + status,
                        Map.of("provider", provider, "status", status));
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
    }

    public JsonNode postJson(
            String provider,
            URI uri,
            Map<String, String> headers,
            JsonNode body,
            Duration timeout,
            String correlationId,
            ToolUsage usage)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        headers.forEach(request::header);
        return exchange(provider, request, timeout, correlationId, usage).body();
    }

    public JsonNode get(
            String provider,
            URI uri,
            Map<String, String> headers,
            Duration timeout,
            String correlationId,
            ToolUsage usage)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        headers.forEach(request::header);
        return exchange(provider, request, timeout, correlationId, usage).body();
    }

    public JsonNode delete(
            String provider,
            URI uri,
            Map<String, String> headers,
            Duration timeout,
            String correlationId,
            ToolUsage usage)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).DELETE();
        headers.forEach(request::header);
        return exchange(provider, request, timeout, correlationId, usage).body();
    }

    /** Whether waiting {@code wait} still leaves time before {@code deadline} (a {@link System#nanoTime} value). */
    public static boolean fitsBefore(long deadline, Duration wait) {
        return System.nanoTime() + wait.toNanos() < deadline;
    }

    private HttpResponse<String> send(String provider, HttpRequest request, ToolUsage usage)
            throws InterruptedException {
        usage.recordProviderCall(provider);
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    provider + " did not answer within the call's timeout",
                    Map.of("provider", provider, "timeout", true),
                    e);
        } catch (IOException e) {
            throw KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    provider + " could not be reached: " + e.getClass().getSimpleName(),
                    Map.of("provider", provider),
                    e);
        }
    }

    /** Retry-After (seconds, may be fractional as at Shopify), else Printful's X-Ratelimit-Reset, else one second. */
    static Duration throttleWait(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").or(() -> headers.firstValue("X-Ratelimit-Reset"));
        if (value.isPresent()) {
            try {
                double seconds = Double.parseDouble(value.get().trim());
                if (seconds >= 0 && seconds < 3600) {
                    return Duration.ofMillis((long) (seconds * 1000));
                }
            } catch (NumberFormatException ignored) {
                // An HTTP date or garbage: fall back to the default below.
            }
        }
        return Duration.ofSeconds(1);
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
