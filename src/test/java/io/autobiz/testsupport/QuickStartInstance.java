package io.autobiz.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The quick start as a test class runs it: default profile, an H2 file database in a fresh folder, a free port, the
 * sandbox's Printful moving fast; and plain HTTP to it, as a newcomer's curl would.
 */
public final class QuickStartInstance {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final Path data;

    private QuickStartInstance(int port, Path data) {
        this.port = port;
        this.data = data;
    }

    public static QuickStartInstance create(String name) {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new QuickStartInstance(socket.getLocalPort(), Files.createTempDirectory("autobiz-" + name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * For a {@code @DynamicPropertySource} of a {@code DEFINED_PORT} test. The quick start's own demo traffic is off:
     * the test's requests are the only ones, so what it finds is what it caused.
     */
    public void register(DynamicPropertyRegistry registry) {
        registerQuickStart(registry, "PT1S");
        registry.add("autobiz.demo.traffic.enabled", () -> false);
    }

    /**
     * As a newcomer gets it: with the demo traffic the quick start sends itself once up, and Printful shipping 15 s
     * after confirmation (the quick start's default), because the traffic's "order on hold" needs an order that is
     * at Printful and not yet shipped; with the fast sandbox it would race the fulfilment runs.
     */
    public void registerWithDemoTraffic(DynamicPropertyRegistry registry) {
        registerQuickStart(registry, "PT15S");
        registry.add("autobiz.demo.traffic.retry-every", () -> "PT0.5S");
    }

    private void registerQuickStart(DynamicPropertyRegistry registry, String printfulShippedAfter) {
        registry.add("server.port", () -> port);
        registry.add(
                "spring.datasource.url", () -> "jdbc:h2:file:" + data.resolve("autobiz") + ";DB_CLOSE_ON_EXIT=FALSE");
        registry.add("autobiz.sandbox.printful-in-production-after", () -> "PT0.2S");
        registry.add("autobiz.sandbox.printful-shipped-after", () -> printfulShippedAfter);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path, String basicAuth) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (basicAuth != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return post(path, json, null);
    }

    /** As {@link #post(String, String)}, with HTTP Basic ({@code user:password}) when {@code basicAuth} is given. */
    public HttpResponse<String> post(String path, String json, String basicAuth)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (basicAuth != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
