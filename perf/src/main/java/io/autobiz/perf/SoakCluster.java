package io.autobiz.perf;

import io.autobiz.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two (or more) AutoBiz nodes from the packaged jar on one PostgreSQL database and one Redis key space, each with its
 * own node ID, port and job executor, the sandbox providers on (they keep their state in the shared database, so either
 * node's sandbox answers for both) and injecting the configured faults. The stores are configured as the quick start
 * configures its demo store, each with its own test-only secrets, and a business config derived from the demo store's
 * (its daily money-at-risk budget raised so that thousands of soak orders a day are not refused by it).
 */
final class SoakCluster implements AutoCloseable {

    static final List<String> STORE_NAMES =
            List.of("acme", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel");

    /** One node: its current process and what earlier processes of the same node used before they were killed. */
    static final class Node {
        final int index;
        final String id;
        final int port;
        /** A node of a deployment the harness does not run (staging): never started, killed or sampled from /proc. */
        final String external;

        AppNode app;
        final List<Path> logs = new ArrayList<>();
        /** CPU seconds and fault counts of earlier incarnations (killed), added to the current one's. */
        double cpuSecondsBefore;

        double peakRssMebibytes;
        double lastCpuSeconds;
        Map<String, Object> lastFaults = Map.of();
        final List<Map<String, Object>> faultsOfEarlierIncarnations = new ArrayList<>();
        int starts;
        final List<Double> secondsToHealthy = new ArrayList<>();

        Node(int index, int port) {
            this.index = index;
            this.id = "soak-node-" + (index + 1);
            this.port = port;
            this.external = null;
        }

        Node(int index, String url) {
            this.index = index;
            this.id = url;
            this.port = -1;
            this.external = url.replaceAll("/+$", "");
        }

        String baseUrl() {
            return external != null ? external : "http://127.0.0.1:" + port;
        }

        boolean up() {
            return external != null || app != null;
        }
    }

    private final TestDatabase database;
    private final SoakSettings settings;
    private final List<String> stores;
    private final Path businessConfig;
    private final String redisPrefix = "soak-" + UUID.randomUUID() + ":";
    /** The metrics login of the local nodes; for staging {@code -Dsoak.scrape=user:password}. */
    private final String scrape = System.getProperty("soak.scrape", "prometheus:soak-only-scrape-" + UUID.randomUUID());

    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Local: {@code nodeCount} nodes this harness starts on {@code database}. */
    SoakCluster(TestDatabase database, SoakSettings settings, int nodeCount) throws IOException {
        this.database = database;
        this.settings = settings;
        this.stores = STORE_NAMES.subList(0, settings.stores());
        this.businessConfig = businessConfigs(stores);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(new Node(i, settings.basePort() + i));
        }
    }

    /** Staging: the nodes of a deployment at these URLs, serving these stores. */
    SoakCluster(SoakSettings settings, List<String> targets, List<String> stores) {
        this.database = null;
        this.settings = settings;
        this.stores = List.copyOf(stores);
        this.businessConfig = null;
        for (int i = 0; i < targets.size(); i++) {
            nodes.add(new Node(i, targets.get(i)));
        }
    }

    boolean local() {
        return database != null;
    }

    List<String> stores() {
        return stores;
    }

    List<Node> nodes() {
        return nodes;
    }

    /** Starts every node, one after the other (the first migrates the database). */
    void startAll() throws Exception {
        for (Node node : nodes) {
            if (node.external == null) {
                start(node);
            }
        }
    }

    void start(Node node) throws Exception {
        node.app = AppNode.start(database, node.port, settingsOf(node), IngressScenario.jvmOptions());
        node.logs.add(node.app.log());
        node.starts++;
        node.secondsToHealthy.add(node.app.secondsToHealthy());
    }

    /** SIGKILL; what the node had counted (faults, CPU) is kept from the last sample before. */
    void kill(Node node) throws InterruptedException {
        if (node.external != null) {
            throw new IllegalStateException("the harness kills only nodes it started; " + node.id + " is not one");
        }
        sample(node);
        node.faultsOfEarlierIncarnations.add(node.lastFaults);
        node.cpuSecondsBefore += node.lastCpuSeconds;
        node.lastCpuSeconds = 0;
        node.lastFaults = Map.of();
        node.app.kill();
        node.app = null;
    }

    /** Reads each running node's RSS and CPU time (/proc) and its injected faults ({@code GET /sandbox/faults}). */
    void sampleAll() {
        for (Node node : nodes) {
            sample(node);
        }
    }

    private void sample(Node node) {
        AppNode app = node.app;
        if (!node.up()) {
            return;
        }
        if (app != null) {
            node.peakRssMebibytes = Math.max(node.peakRssMebibytes, app.rssMebibytes());
            double cpu = CpuTime.ofProcess(app.pid());
            if (cpu >= 0) {
                node.lastCpuSeconds = cpu;
            }
        }
        try {
            HttpResponse<String> faults = http.send(
                    HttpRequest.newBuilder(URI.create(node.baseUrl() + "/sandbox/faults"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (faults.statusCode() == 200) {
                node.lastFaults = SoakJson.map(faults.body());
            }
        } catch (IOException e) {
            // Busy or gone: the previous reading stands.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node's settings: cluster, sandbox on this node's port, faults (a seed of its own), stores. */
    private Map<String, String> settingsOf(Node node) {
        String self = node.baseUrl();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("autobiz.cluster.node-id", node.id);
        s.put("autobiz.metrics.scrape-user", scrape.substring(0, scrape.indexOf(':')));
        s.put("autobiz.metrics.scrape-password", scrapePassword());
        s.put("autobiz.evidence.redis.key-prefix", redisPrefix);
        // Breakers shared by the two nodes and by nobody else: their default prefix is the same for every process
        // on this Redis, so another harness's injected faults would open this run's breakers.
        s.put("autobiz.circuit-breakers.key-prefix", redisPrefix + "breaker:");
        s.put("autobiz.business-config.locations", "file:" + businessConfig + "/");
        s.put("autobiz.providers.stripe", self + "/sandbox/stripe");
        s.put("autobiz.providers.shopify", self + "/sandbox/shopify");
        s.put("autobiz.providers.printful", self + "/sandbox/printful");
        s.put("autobiz.providers.sendgrid-host", "127.0.0.1:" + node.port);
        s.put("autobiz.providers.sendgrid-path-prefix", "sandbox/sendgrid/");
        s.put("autobiz.providers.sendgrid-plain-http", "true");
        s.put("autobiz.providers.sendgrid-sandbox-mode", "true");
        s.put("autobiz.slack.methods-url", self + "/sandbox/slack/api/");
        s.put("autobiz.llm.base-url", self + "/sandbox/llm/v1");
        s.put("autobiz.llm.model", "sandbox-template-1");
        s.put("autobiz.sandbox.enabled", "true");
        s.put("autobiz.sandbox.webhook-target", self);
        s.put("autobiz.sandbox.printful-in-production-after", "PT2S");
        s.put("autobiz.sandbox.printful-shipped-after", "PT10S");
        SoakSettings.Faults faults = settings.faults();
        s.put("autobiz.sandbox.faults.server-error-rate", String.valueOf(faults.serverError()));
        s.put("autobiz.sandbox.faults.timeout-rate", String.valueOf(faults.timeout()));
        s.put("autobiz.sandbox.faults.too-many-requests-rate", String.valueOf(faults.throttled()));
        s.put("autobiz.sandbox.faults.lost-webhook-rate", String.valueOf(faults.lostWebhook()));
        // Each node and each start draws its own sequence, so a restarted node does not repeat its first faults.
        s.put("autobiz.sandbox.faults.seed", String.valueOf(settings.seed() * 31 + node.index * 1009L + node.starts));
        // WF02 waits this long for the customer to pay again; the harness moves the timer along through the engine.
        s.put("autobiz.workflows.payment-failure.wait", "PT1H");
        // Reconciliation on its real schedule, often enough to find lost shipments while the soak settles.
        s.put("autobiz.reconciliation.interval", "PT30S");
        s.put("autobiz.webhooks.processor.poll-interval", "PT0.5S");
        // A node that dies holding a cluster job's lock (the reconciliation schedule) blocks that job this long, not
        // the default 30 minutes: the soak kills a node and wants reconciliation running again while it settles.
        s.put("autobiz.cluster.job-lock-at-most", "PT2M");
        for (String store : stores) {
            String t = "autobiz.tenants." + store + ".";
            s.put(t + "display-name", "Soak store " + store);
            s.put(t + "shopify-shop", store + "-soak.myshopify.com");
            s.put(t + "printful-store-id", String.valueOf(7101 + STORE_NAMES.indexOf(store)));
            s.put(t + "printful-catalog[TSHIRT-BLK-M]", "4017");
            s.put(t + "printful-catalog[MUG-WHT-11]", "1320");
            s.put(t + "mail-from", "orders@example.com");
            for (String template : List.of(
                    "order-confirmation",
                    "order-shipped",
                    "payment-failed",
                    "refund-issued",
                    "order-cancelled",
                    "wismo-reply",
                    "approval-timed-out")) {
                s.put(t + "mail-templates[" + template + "]", "d-soak-" + template);
            }
            secrets(store).forEach((name, value) -> s.put(t + "secrets[" + name + "]", value));
        }
        return s;
    }

    /** Staging: the stores' webhook secrets from {@code -Dsoak.secrets} ({@code <store>.<secret>=value}). */
    private static final java.util.Properties SECRETS_FILE = secretsFile();

    private static java.util.Properties secretsFile() {
        java.util.Properties secrets = new java.util.Properties();
        String file = System.getProperty("soak.secrets", "").trim();
        if (!file.isEmpty()) {
            try (var in = Files.newInputStream(Path.of(file))) {
                secrets.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read soak.secrets " + file, e);
            }
        }
        return secrets;
    }

    /**
     * A store's secrets as the harness needs them to sign webhooks: locally test-only values (they protect nothing
     * but the throw-away soak database); for staging those of {@code -Dsoak.secrets}.
     */
    static Map<String, String> secrets(String store) {
        if (!SECRETS_FILE.isEmpty()) {
            Map<String, String> secrets = new LinkedHashMap<>();
            String prefix = store + ".";
            SECRETS_FILE.stringPropertyNames().stream()
                    .filter(name -> name.startsWith(prefix))
                    .sorted()
                    .forEach(name -> secrets.put(name.substring(prefix.length()), SECRETS_FILE.getProperty(name)));
            return secrets;
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("stripe.api_key", "sk_test_soak_" + store + "_sandbox_only");
        secrets.put("stripe.webhook_secret", "whsec_soak_" + store + "_sandbox_only");
        secrets.put("shopify.access_token", "shpat_soak_" + store + "_sandbox_only");
        secrets.put("shopify.webhook_secret", "soak-" + store + "-shopify-webhook-secret");
        secrets.put("printful.token", "soak-" + store + "-printful-sandbox-only");
        secrets.put("printful.webhook_secret", "soak-" + store + "-printful-webhook-secret");
        secrets.put("sendgrid.api_key", "SG.soak-" + store + "-sandbox-only");
        secrets.put("slack.bot_token", "xoxb-soak-" + store + "-sandbox-only");
        return secrets;
    }

    /** The demo store's business config once per store, with the store's name and a soak-sized daily budget. */
    private static Path businessConfigs(List<String> stores) throws IOException {
        String demo =
                Files.readString(AppNode.repositoryRoot().resolve("src/main/resources/business-config/demo-store.yml"));
        Path folder = Files.createTempDirectory("autobiz-soak-business-config-");
        for (String store : stores) {
            String config = demo.replace("demo-store", store)
                    .replaceAll("maxMoneyAtRiskPerDay: \\d+", "maxMoneyAtRiskPerDay: 100000000000");
            Files.writeString(folder.resolve(store + ".yml"), config);
        }
        return folder;
    }

    String scrapePassword() {
        return scrape.substring(scrape.indexOf(':') + 1);
    }

    /** Every live node's {@code /actuator/prometheus}, for the invariant checker's scan of label values. */
    List<String> scrapes() {
        List<String> scrapes = new ArrayList<>();
        for (Node node : nodes) {
            if (!node.up()) {
                continue;
            }
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/actuator/prometheus"))
                                .timeout(Duration.ofSeconds(30))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + java.util.Base64.getEncoder()
                                                        .encodeToString(scrape.getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    scrapes.add(answer.body());
                }
            } catch (IOException e) {
                // A node that does not answer has nothing to scan; the report counts the scrapes.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return scrapes;
    }

    /** Log files of every node and incarnation, for the invariant checker's scan. */
    List<Path> logs() {
        List<Path> logs = new ArrayList<>();
        for (Node node : nodes) {
            logs.addAll(node.logs);
        }
        return logs;
    }

    @Override
    public void close() throws InterruptedException {
        for (Node node : nodes) {
            if (node.app != null) {
                node.app.close();
                node.app = null;
            }
        }
    }
}
