package io.autobiz.perf;

import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged application ({@code src/target/autobiz.jar}) in its own JVM, started by a scenario and stopped with it.
 * {@link #start} runs it as docs/operations.md does: postgres profile, Flyway as the owner role, the application role (no BYPASSRLS) at run time, Redis for evidence and circuit
 * breakers (a key prefix of its own per node), an administrator and a master key of the harness. The store "acme" is
 * configured with the harness's test-only secrets. {@link #startQuickStart} runs the quick start as README does.
 */
public final class AppNode implements AutoCloseable {

    /** Test-only values of the harness; they protect nothing but a throw-away database. */
    static final String ADMIN_USER = "perfops";

    static final String ADMIN_PASSWORD = "Perf-only-Passw0rd!";
    static final String SHOPIFY_WEBHOOK_SECRET = "perf-fake-shopify-webhook-secret";
    /** Its bytes read "perf-only-master-key-not-secret!". */
    private static final String MASTER_KEY = "perf-only:cGVyZi1vbmx5LW1hc3Rlci1rZXktbm90LXNlY3JldCE=";

    private final Process process;
    private final int port;
    private final Path log;
    private final double secondsToHealthy;

    private AppNode(Process process, int port, Path log, double secondsToHealthy) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.secondsToHealthy = secondsToHealthy;
    }

    /**
     * Starts a node on {@code port} against {@code database} and waits until {@code /actuator/health} answers UP.
     *
     * @param extra more {@code --key=value} settings for this scenario (they override the defaults here)
     * @param jvmOptions e.g. a heap size or {@code -XX:StartFlightRecording=...}
     */
    public static AppNode start(TestDatabase database, int port, Map<String, String> extra, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return start(database, port, extra, jvmOptions, null);
    }

    /**
     * As {@link #start(TestDatabase, int, Map, List)}, with {@code extraClasses} (a folder) on the application's class
     * path: Spring Boot's {@code PropertiesLauncher} with {@code -Dloader.path}, so harness-only beans (the P3 no-op
     * baseline) run in the node without being in the product's jar.
     */
    public static AppNode start(
            TestDatabase database, int port, Map<String, String> extra, List<String> jvmOptions, Path extraClasses)
            throws IOException, InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.profiles.active", "postgres");
        settings.put("autobiz.tenants.acme.display-name", "Acme Perf Store");
        settings.put("autobiz.tenants.acme.shopify-shop", "acme-test.myshopify.com");
        settings.put("autobiz.tenants.acme.mail-from", "orders@example.com");
        settings.put("autobiz.tenants.acme.secrets[shopify.webhook_secret]", SHOPIFY_WEBHOOK_SECRET);
        settings.put("autobiz.business-config.locations", "file:" + businessConfig() + "/");
        settings.put("logging.level.io.autobiz", "warn");
        // A node's circuit breakers are its own unless the scenario shares them (the default prefix is the same for
        // every process on this Redis: another run's faults would open this node's breakers).
        settings.put("autobiz.circuit-breakers.key-prefix", "perf-" + UUID.randomUUID() + ":breaker:");
        settings.putAll(extra);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTOBIZ_DB_URL", database.url());
        env.put("AUTOBIZ_DB_OWNER_USER", TestPostgres.OWNER_ROLE);
        env.put("AUTOBIZ_DB_OWNER_PASSWORD", TestPostgres.OWNER_PASSWORD);
        env.put("AUTOBIZ_DB_APP_USER", TestPostgres.APP_ROLE);
        env.put("AUTOBIZ_DB_APP_PASSWORD", TestPostgres.APP_PASSWORD);
        env.put("AUTOBIZ_ADMIN_USER", ADMIN_USER);
        env.put("AUTOBIZ_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("AUTOBIZ_METRICS_SCRAPE_PASSWORD", "perf-only-scrape-password-" + UUID.randomUUID());
        env.put("AUTOBIZ_MASTER_KEYS", MASTER_KEY);
        env.put("AUTOBIZ_MASTER_KEY_ID", "perf-only");
        env.put("AUTOBIZ_REDIS_URL", System.getProperty("perf.redis", "redis://127.0.0.1:6379"));
        env.put("AUTOBIZ_REDIS_KEY_PREFIX", "perf-" + UUID.randomUUID() + ":");
        return launch(port, settings, env, jvmOptions, null, extraClasses);
    }

    /**
     * The quick start as README runs it (no profile: H2 in {@code ./data}, the in-process sandboxes, the demo store
     * and its demo traffic), in a fresh working directory, so {@code ./data} is new.
     */
    public static AppNode startQuickStart(int port, Path workingDirectory, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return launch(port, new LinkedHashMap<>(), Map.of(), jvmOptions, workingDirectory, null);
    }

    private static AppNode launch(
            int port,
            Map<String, String> settings,
            Map<String, String> env,
            List<String> jvmOptions,
            Path workingDirectory,
            Path extraClasses)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty(
                "perf.jar", repositoryRoot().resolve("src/target/autobiz.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first (./mvnw -DskipTests package)");
        }
        settings.put("server.port", String.valueOf(port));
        settings.put("server.address", "127.0.0.1");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (extraClasses == null) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            command.add("-Dloader.path=" + extraClasses);
            command.add("-cp");
            command.add(jar.toString());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));

        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Path log = Files.createTempFile("autobiz-perf-node-" + port + "-", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());

        long started = System.nanoTime();
        Process process = builder.start();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
        long deadline = started + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node on port " + port + " exited with " + process.exitValue()
                        + " before it was healthy; its log: " + log);
            }
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return new AppNode(process, port, log, (System.nanoTime() - started) / 1e9);
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the node on port " + port + " was not healthy within 5 minutes; log: " + log);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public double secondsToHealthy() {
        return secondsToHealthy;
    }

    /** The node's resident set size in MiB (Linux), or -1 where /proc cannot tell. */
    public double rssMebibytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public Path log() {
        return log;
    }

    /** The node's process ID, for /proc readings (the soak harness's CPU time). */
    public long pid() {
        return process.pid();
    }

    /** Ends the node as a crash does: SIGKILL on Linux, no shutdown hooks, nothing flushed or released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * The integration tests' store config (src/test/resources/business-config/acme.yml, which grants every workflow its
     * tools), alone in a folder of its own: the application reads every store file of a location.
     */
    private static Path businessConfig() throws IOException {
        Path folder = Files.createTempDirectory("autobiz-perf-business-config-");
        Files.copy(repositoryRoot().resolve("src/test/resources/business-config/acme.yml"), folder.resolve("acme.yml"));
        folder.toFile().deleteOnExit();
        folder.resolve("acme.yml").toFile().deleteOnExit();
        return folder;
    }

    static Path repositoryRoot() {
        return TestPostgres.repositoryRoot();
    }
}
