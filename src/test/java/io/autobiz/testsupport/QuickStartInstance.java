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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * The quick start as a test class runs it: default profile, an H2 file database in a fresh folder, a free port, the
 * sandbox's Printful moving fast; and plain HTTP to it, as a newcomer's curl would. A {@link QuickStartTest} class gets
 * its instance with {@link #of(Class)}; a test that starts the application itself uses {@link #create(String)} and
 * {@link #properties(boolean)}.
 */
public final class QuickStartInstance {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One instance per test class: its context (made by {@link PerTestClass}) and its test code share port and data. */
    private static final Map<Class<?>, QuickStartInstance> BY_TEST_CLASS = new ConcurrentHashMap<>();

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

    /** The instance of a {@link QuickStartTest} class: the one its application context runs on. */
    public static QuickStartInstance of(Class<?> testClass) {
        return BY_TEST_CLASS.computeIfAbsent(testClass, type -> create(type.getSimpleName()));
    }

    /**
     * The settings that make the quick start this instance. Without demo traffic, the quick start's own traffic is
     * off: the test's requests are the only ones, so what it finds is what it caused. With it, as a newcomer gets it:
     * the demo traffic the quick start sends itself once up, and Printful shipping 15 s after confirmation (the quick
     * start's default), because the traffic's "order on hold" needs an order that is at Printful and not yet shipped;
     * with the fast sandbox it would race the fulfilment runs.
     */
    public Map<String, Object> properties(boolean demoTraffic) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", port);
        properties.put("spring.datasource.url", "jdbc:h2:file:" + data.resolve("autobiz") + ";DB_CLOSE_ON_EXIT=FALSE");
        properties.put("autobiz.sandbox.printful-in-production-after", "PT0.2S");
        if (demoTraffic) {
            properties.put("autobiz.sandbox.printful-shipped-after", "PT15S");
            properties.put("autobiz.demo.traffic.retry-every", "PT0.5S");
        } else {
            properties.put("autobiz.sandbox.printful-shipped-after", "PT1S");
            properties.put("autobiz.demo.traffic.enabled", false);
        }
        return properties;
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

    /** Puts a {@link QuickStartTest} class's instance into its context's environment, ahead of every other source. */
    public static final class PerTestClass implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(
                Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            QuickStartTest settings = AnnotatedElementUtils.findMergedAnnotation(testClass, QuickStartTest.class);
            return settings == null ? null : new Settings(testClass, settings.demoTraffic());
        }
    }

    private record Settings(Class<?> testClass, boolean demoTraffic) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "quickStart " + testClass.getSimpleName(),
                            of(testClass).properties(demoTraffic)));
        }
    }
}
