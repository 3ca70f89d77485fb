package io.autobiz.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes started at the same moment on one fresh PostgreSQL database, as a cluster's first deploy or a restart of
 * every node at once does: both run Flyway's migrations, deploy the BPMN diagrams and the stores' daily closeouts,
 * import the stores' BusinessConfigs and create the administrator, racing each other. Flyway serialises migrations
 * with a PostgreSQL advisory lock and the engine its deployments with its deployment lock; this test shows that what
 * the nodes do around them holds too, and that a shared scheduled job (trace retention) runs on one node per period.
 */
@IntegrationExternal
class ConcurrentStartIT {

    private static final TestDatabase DATABASE = TestPostgres.newDatabase();
    private static final WireMockServer PROVIDERS = ProviderStubs.start();
    /** One Redis key space for both nodes, none with other builds. */
    private static final String REDIS_PREFIX = "it-concurrent-start-" + UUID.randomUUID() + ":";
    /**
     * Trace retention's period here: long enough that no node's timer fires a second time before the test has read
     * the first period's outcome on both nodes (their timers start within the start-up's few seconds of each other).
     */
    private static final Duration RETENTION_INTERVAL = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<ConfigurableApplicationContext> OPEN = new ArrayList<>();

    @AfterAll
    static void stopAll() {
        synchronized (OPEN) {
            OPEN.forEach(ConfigurableApplicationContext::close);
        }
        PROVIDERS.stop();
    }

    private static ConfigurableApplicationContext node(String id, CyclicBarrier start) throws Exception {
        Map<String, Object> properties = new HashMap<>(DATABASE.springProperties());
        properties.putAll(ProviderStubs.properties(PROVIDERS));
        properties.put("server.port", "0");
        properties.put("autobiz.cluster.node-id", id);
        properties.put("autobiz.evidence.redis.url", "redis://127.0.0.1:6379");
        properties.put("autobiz.evidence.redis.key-prefix", REDIS_PREFIX);
        properties.put("autobiz.circuit-breakers.redis-url", "redis://127.0.0.1:6379");
        properties.put("autobiz.reconciliation.enabled", "false");
        properties.put("autobiz.evidence.retention.enabled", "true");
        properties.put("autobiz.evidence.retention.interval", RETENTION_INTERVAL.toString());
        properties.put("camunda.bpm.job-execution.enabled", "true");
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        start.await(60, TimeUnit.SECONDS);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(io.autobiz.AutoBizApplication.class)
                .profiles("postgres", "it")
                .run(arguments);
        synchronized (OPEN) {
            OPEN.add(context);
        }
        return context;
    }

    @Test
    @DisplayName("P1-TASK-32 two nodes started at the same moment on one fresh database both come up healthy: the"
            + " schema is migrated once (no duplicate or failed Flyway row), each process definition deployed once,"
            + " each store's BusinessConfig imported once, and the shared trace-retention job runs on one node in its"
            + " first period")
    void concurrentStart() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<ConfigurableApplicationContext> startingA =
                CompletableFuture.supplyAsync(() -> started("node-a", start));
        CompletableFuture<ConfigurableApplicationContext> startingB =
                CompletableFuture.supplyAsync(() -> started("node-b", start));
        ConfigurableApplicationContext a = startingA.get(5, TimeUnit.MINUTES);
        ConfigurableApplicationContext b = startingB.get(5, TimeUnit.MINUTES);

        for (ConfigurableApplicationContext node : List.of(a, b)) {
            HttpResponse<String> health = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(node) + "/actuator/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode())
                    .as("health of %s: %s", node.getId(), health.body())
                    .isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");
        }

        DataSource owner = DATABASE.ownerDataSource();
        assertThat(rows(
                        owner,
                        "select version, count(*) from flyway_schema_history where version is not null"
                                + " group by version having count(*) > 1"))
                .as("migrations applied twice")
                .isEmpty();
        assertThat(rows(owner, "select version, description from flyway_schema_history where not success"))
                .as("failed migrations")
                .isEmpty();
        assertThat(rows(owner, "select count(*) from flyway_schema_history where version is not null"))
                .as("some migrations ran")
                .doesNotContainKey("0");

        assertThat(rows(
                        owner,
                        "select key_ || '@' || coalesce(tenant_id_, '-'), count(*) from act_re_procdef"
                                + " group by key_, tenant_id_ having count(*) > 1"))
                .as("process definitions (key@store) deployed more than once")
                .isEmpty();
        assertThat(rows(owner, "select count(distinct key_) from act_re_procdef"))
                .as("the diagrams were deployed")
                .doesNotContainKey("0");
        assertThat(rows(owner, "select id_, count(*) from act_id_user group by id_ having count(*) > 1"))
                .isEmpty();

        for (String store : a.getBean(TenantProperties.class).tenants().keySet()) {
            assertThat(configVersions(b.getBean(DataSource.class), store))
                    .as("BusinessConfig versions of store %s", store)
                    .isEqualTo(1);
        }

        MeterRegistry metersA = a.getBean(MeterRegistry.class);
        MeterRegistry metersB = b.getBean(MeterRegistry.class);
        await().atMost(RETENTION_INTERVAL.multipliedBy(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> outcomes(metersA) >= 1 && outcomes(metersB) >= 1);
        assertThat(ran(metersA) + ran(metersB))
                .as(
                        "trace retention in its first period: ran on a %d, b %d; skipped on a %d, b %d",
                        (long) ran(metersA), (long) ran(metersB), (long) skipped(metersA), (long) skipped(metersB))
                .isEqualTo(1.0);
        assertThat(skipped(metersA) + skipped(metersB)).isEqualTo(1.0);
    }

    private static ConfigurableApplicationContext started(String id, CyclicBarrier start) {
        try {
            return node(id, start);
        } catch (Exception e) {
            throw new IllegalStateException(id + " did not start", e);
        }
    }

    private static double outcomes(MeterRegistry meters) {
        return ran(meters) + skipped(meters);
    }

    private static double ran(MeterRegistry meters) {
        return count(meters, "ran");
    }

    private static double skipped(MeterRegistry meters) {
        return count(meters, "skipped");
    }

    private static double count(MeterRegistry meters, String outcome) {
        Counter counter = meters.find("cluster_job_total")
                .tag("job", "trace-retention")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    /** First column to second column of a query's rows. */
    private static Map<String, String> rows(DataSource db, String sql) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getMetaData().getColumnCount() > 1 ? result.getString(2) : "");
            }
        }
        return rows;
    }

    private static int configVersions(DataSource db, String store) throws Exception {
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("select set_tenant_context('" + store + "')");
            try (ResultSet rows = statement.executeQuery("select count(*) from business_configs")) {
                rows.next();
                return rows.getInt(1);
            } finally {
                connection.rollback();
            }
        }
    }
}
