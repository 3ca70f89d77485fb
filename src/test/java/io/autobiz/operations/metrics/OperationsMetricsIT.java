package io.autobiz.operations.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autobiz.gate.ArtifactHashes;
import io.autobiz.gate.Gate;
import io.autobiz.gate.GateEvaluator;
import io.autobiz.gate.GateEvidenceFiles;
import io.autobiz.gate.Tally;
import io.autobiz.kernel.credential.JdbcSecretSource;
import io.autobiz.kernel.credential.SecretMetadata;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.QuickStartInstance;
import io.autobiz.testsupport.QuickStartTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator metrics after real runs: the quick start with its demo traffic (every workflow runs), one refund
 * denied by its approver, gate evidence as the golden suite writes it, then {@code /actuator/prometheus} read with the
 * scrape login, as Prometheus reads it. Also checks that every metric a dashboard panel or an alert rule queries is one
 * this scrape contains, and that no label of the scrape carries a secret or personal data.
 */
@QuickStartTest(
        demoTraffic = true,
        properties = {"autobiz.operations.metrics-refresh=PT1S", "autobiz.operations.metrics-initial-delay=PT1S"})
@AutoConfigureObservability(tracing = false) // with the Prometheus registry, as the application runs
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@IntegrationExternal
class OperationsMetricsIT {

    private static final QuickStartInstance APP = QuickStartInstance.of(OperationsMetricsIT.class);
    private static final TenantId STORE = TenantId.of("demo-store");

    /**
     * Gate evidence as the golden suite writes it, for a tally of 80 trials with one failure per gate, so the scrape
     * holds the gate metrics whatever an earlier test of the build wrote to target/golden.
     */
    private static final Path GATE_EVIDENCE = Path.of("target/operations-metrics-it/gate-evidence.json");

    /** A customer of this test's own order: no label of the scrape may carry any of this. */
    private static final String CUSTOMER_EMAIL = "label.hygiene.customer@example.org";

    private static final String CUSTOMER_NAME = "Grace Labelcheck";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"]+@[^@\\s\"]+\\.[a-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().-]{7,}\\d");
    /** Histogram and summary bounds: numbers Micrometer writes, not values the application chose. */
    private static final Set<String> BOUNDS = Set.of("le", "quantile");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)", Pattern.MULTILINE);

    @DynamicPropertySource
    static void quickStart(DynamicPropertyRegistry registry) {
        Map<Gate, Tally> tallies = new EnumMap<>(Gate.class);
        for (Gate gate : Gate.values()) {
            tallies.put(gate, new Tally(80, 79, List.of("one failed trial")));
        }
        GateEvidenceFiles.write(
                new GateEvaluator(Clock.systemUTC())
                        .evaluate(
                                tallies,
                                "operations-metrics-it",
                                new ArtifactHashes("none", Map.of()),
                                new ArtifactHashes("none", Map.of())),
                GATE_EVIDENCE);
        registry.add("autobiz.gate.evidence-file", GATE_EVIDENCE::toString);
    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    TenantProperties stores;

    @Autowired
    JdbcSecretSource secrets;

    @Test
    @Order(1)
    @DisplayName("P1-TASK-27 workflow outcomes by end event, backlogs, breakers, invariants and cost per run are"
            + " scraped after real runs; a denied refund is not counted as completed")
    void operatorMetricsAfterRealRuns() throws Exception {
        ProcessInstance refund = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(this::refundWaitingForItsApprover, instance -> instance != null);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(samples(scrape()).keySet())
                        .as("the refund's approval in the backlog, by store, workflow and task kind")
                        .contains(
                                series(
                                        "hitl_task_backlog_depth",
                                        "task=\"Task_Approve\",tenant=\"demo-store\",workflow=\"refund\""),
                                series(
                                        "hitl_task_backlog_oldest_age_seconds",
                                        "task=\"Task_Approve\",tenant=\"demo-store\",workflow=\"refund\"")));
        EngineSteps.decide(engine, refund, "Task_Approve", "approver", STORE, false, "not damaged in the photo");

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, Double> samples = samples(scrape());
                    assertThat(samples)
                            .as("the denied refund")
                            .containsKey(series(
                                    "workflow_completion_total",
                                    "outcome=\"denied\",tenant=\"demo-store\",workflow=\"refund\""));
                    assertThat(samples.keySet())
                            .as("a demo order fulfilled")
                            .anyMatch(key -> key.startsWith("workflow_completion_total{")
                                    && key.contains("outcome=\"completed\"")
                                    && key.contains("workflow=\"order-fulfill\""));
                    assertThat(samples.keySet())
                            .anyMatch(key -> key.startsWith("circuit_breaker_state{dependency="))
                            .anyMatch(key ->
                                    key.startsWith("reconciliation_queue_depth{") && key.contains("status=\"OPEN\""))
                            .anyMatch(key -> key.startsWith("reconciliation_oldest_open_age_seconds{"))
                            .anyMatch(key -> key.startsWith("reconciliation_drift_recorded{"))
                            .anyMatch(key -> key.startsWith("event_inbox_depth{") && key.contains("status=\"HELD\""))
                            .anyMatch(key -> key.startsWith("event_inbox_oldest_age_seconds{"))
                            .anyMatch(key -> key.startsWith("workflow_instances_active{"))
                            .anyMatch(key -> key.startsWith("workflow_incidents_open{"))
                            .anyMatch(key -> key.startsWith("workflow_definition_version{workflow=\"refund\""))
                            .anyMatch(key -> key.startsWith("workflow_definition_rolled_back{workflow=\"refund\""))
                            .anyMatch(key -> key.startsWith("run_cost_micros_count{"))
                            .anyMatch(key -> key.startsWith("autobiz_cost_micros_total{"));
                    for (String invariant :
                            List.of("INV-01", "INV-02", "INV-03", "INV-04", "INV-05", "INV-06", "INV-07", "INV-08")) {
                        assertThat(samples.keySet())
                                .as(invariant)
                                .anyMatch(key -> key.startsWith("invariant_violation_total{")
                                        && key.contains("invariant=\"" + invariant + "\""));
                    }
                });
        Map<String, Double> samples = samples(scrape());
        assertThat(samples.entrySet())
                .as("cost per store, workflow and tool, from the kernel's priced tool calls")
                .anyMatch(sample -> sample.getKey().startsWith("tool_call_cost_micros_sum{")
                        && sample.getKey().contains("tenant=\"demo-store\"")
                        && sample.getKey().contains("workflow=\"order-fulfill\"")
                        && sample.getKey().contains("tool=\"")
                        && sample.getValue() > 0);
        for (Gate gate : Gate.values()) {
            assertThat(samples)
                    .as("gate %s from the gate evidence: 79 of 80", gate.label())
                    .containsEntry(series("golden_suite_pass_rate", "gate=\"" + gate.label() + "\""), 79 / 80.0);
            assertThat(samples.get(series("golden_suite_lcb", "gate=\"" + gate.label() + "\"")))
                    .as("the Wilson lower bound lies below the raw rate")
                    .isBetween(0.9, 79 / 80.0);
        }
    }

    @Test
    @Order(2)
    @DisplayName("P1-TASK-27 every metric a dashboard panel or an alert rule queries is in a real scrape")
    void dashboardsAndAlertsQueryOnlyEmittedMetrics() throws Exception {
        Map<String, Set<String>> queried = new TreeMap<>();
        for (OpsArtifacts.Alert alert : OpsArtifacts.alerts()) {
            for (String name : OpsArtifacts.metricNames(alert.expr())) {
                queried.computeIfAbsent(name, key -> new TreeSet<>()).add("alert " + alert.name());
            }
        }
        for (Map.Entry<String, List<String>> dashboard :
                OpsArtifacts.dashboardQueries().entrySet()) {
            for (String query : dashboard.getValue()) {
                for (String name : OpsArtifacts.metricNames(query)) {
                    queried.computeIfAbsent(name, key -> new TreeSet<>()).add(dashboard.getKey());
                }
            }
        }
        assertThat(queried).as("metrics queried").hasSizeGreaterThan(20);

        // Counters that exist only after their first event (a kernel refusal, an unpriced model) are not left to the
        // demo traffic's luck: a customer asks about an order the store never had, which the sandbox LLM reads and the
        // order lookup refuses.
        HttpResponse<String> asked = APP.post(
                "/demo/wismo",
                "{\"email\":\"label.hygiene.wismo@example.org\",\"message\":\"Where is my order #999999?\"}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Set<String> emitted = new TreeSet<>();
                    for (String key : samples(scrape()).keySet()) {
                        emitted.add(key.contains("{") ? key.substring(0, key.indexOf('{')) : key);
                    }
                    Map<String, Set<String>> missing = new TreeMap<>(queried);
                    missing.keySet().removeAll(emitted);
                    assertThat(missing)
                            .as("queried by dashboards or alerts, but not in the scrape")
                            .isEmpty();
                });
    }

    @Test
    @Order(3)
    @DisplayName("P1-TASK-27 no label of the scrape carries a secret's name or value, an e-mail address, a phone number"
            + " or a customer's name, after a run for a customer of the test's own")
    void labelsCarryNoSecretsOrPersonalData() throws Exception {
        HttpResponse<String> placed = APP.post(
                "/demo/orders",
                "{\"customerEmail\":\"" + CUSTOMER_EMAIL + "\",\"customerName\":\"" + CUSTOMER_NAME + "\"}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String instance = Json.parse(placed.body()).get("processInstanceId").asText();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ended(instance));
        Set<String> forbidden = new TreeSet<>(List.of(CUSTOMER_EMAIL, CUSTOMER_NAME, "Ada Lovelace"));
        Set<String> secretNames = new TreeSet<>();
        for (String tenant : stores.tenants().keySet()) {
            for (SecretMetadata secret : secrets.list(TenantId.of(tenant))) {
                secretNames.add(secret.name());
                secrets.find(TenantId.of(tenant), secret.name()).ifPresent(forbidden::add);
            }
        }
        assertThat(secretNames).as("the quick start's stored secrets").isNotEmpty();
        forbidden.addAll(secretNames);

        Map<String, Set<String>> offending = new TreeMap<>();
        Matcher sample = SAMPLE.matcher(scrape());
        int labelValues = 0;
        while (sample.find()) {
            if (sample.group(2) == null) {
                continue;
            }
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                if (BOUNDS.contains(label.group(1))) {
                    continue;
                }
                labelValues++;
                String value = label.group(2);
                if (forbidden.contains(value)
                        || EMAIL.matcher(value).find()
                        || PHONE.matcher(value).matches()) {
                    offending
                            .computeIfAbsent(sample.group(1), key -> new TreeSet<>())
                            .add(label.group(1));
                }
            }
        }
        assertThat(labelValues).as("label values read from the scrape").isGreaterThan(100);
        assertThat(offending)
                .as("metrics whose labels carry a secret or personal data (metric to label names)")
                .isEmpty();
    }

    private boolean ended(String instance) {
        HistoricProcessInstance done = engine.getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processInstanceId(instance)
                .singleResult();
        return done != null && done.getEndTime() != null;
    }

    private ProcessInstance refundWaitingForItsApprover() {
        return engine
                .getRuntimeService()
                .createProcessInstanceQuery()
                .processDefinitionKey("refund")
                .activityIdIn("Task_Approve")
                .list()
                .stream()
                .findFirst()
                .orElse(null);
    }

    private static String scrape() throws Exception {
        HttpResponse<String> scraped = APP.get("/actuator/prometheus", "prometheus:prometheus");
        assertThat(scraped.statusCode()).isEqualTo(200);
        return scraped.body();
    }

    private static String series(String name, String labels) {
        return name + "{" + labels + "}";
    }

    /** Sample lines by name and labels as printed ({@code name{a="x",b="y"}}), without comments. */
    private static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new TreeMap<>();
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            String labels = sample.group(2) == null ? "" : sample.group(2);
            samples.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
        }
        return samples;
    }
}
