package io.autobiz.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.AutoBizApplication;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.QuickStartInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 21: the quick start started twice on the same {@code ./data}, as a newcomer does (start, look around, Ctrl-C,
 * start again). The sandbox providers keep their state in the database beside the engine's, so the second start's
 * orders get new IDs after the first's, reach Printful and ship; the first start's shipments that were still due
 * when it stopped are sent after the restart; and nothing becomes an incident.
 */
@IntegrationExternal
class QuickStartRestartIT {

    private static final QuickStartInstance APP = QuickStartInstance.create("restart-it");

    @Test
    @DisplayName("P1-TASK-23 a restart on the same database continues the sandboxes: new IDs, every order of the second"
            + " start ships, the first start's due shipments are sent, no incident")
    void secondStartContinuesTheFirst() throws Exception {
        Set<String> firstOrders;
        try (ConfigurableApplicationContext first = start()) {
            // The store is empty: the demo traffic is sent by itself.
            firstOrders = awaitTwoFulfilmentsAtPrintful(first, Set.of());
            // Stopped once the traffic is through (its last request starts WF07) and both orders are confirmed at
            // Printful, while their shipments may still be due (Printful ships 15 s after confirmation). Stopping
            // earlier races the traffic's own cancellation of the second order against its confirmation, a race
            // between WF01 and WF04 that is not the restart's.
            HistoryService firstHistory = first.getBean(HistoryService.class);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(firstHistory
                                        .createHistoricProcessInstanceQuery()
                                        .processDefinitionKey("daily-closeout")
                                        .count())
                                .isPositive();
                        Map<String, JsonNode> now = new HashMap<>();
                        sandbox()
                                .path("printful")
                                .path("orders")
                                .forEach(order ->
                                        now.put(order.path("external_id").asText(), order));
                        assertThat(firstOrders)
                                .allSatisfy(order -> assertThat(printfulOrderOf(now, order)
                                                .path("status")
                                                .asText())
                                        .isNotEqualTo("draft"));
                    });
        }

        try (ConfigurableApplicationContext second = start()) {
            assertThat(fulfilmentOrders(second))
                    .as("the second start sends no demo traffic by itself: the store has orders")
                    .isEqualTo(firstOrders);
            assertThat(APP.post("/demo/traffic", "{}").statusCode()).isEqualTo(202);
            Set<String> secondOrders = awaitTwoFulfilmentsAtPrintful(second, firstOrders);

            assertThat(secondOrders)
                    .allSatisfy(order -> assertThat(numberOf(order))
                            .as("a new order's ID continues after the first start's")
                            .isGreaterThan(firstOrders.stream()
                                    .mapToLong(QuickStartRestartIT::numberOf)
                                    .max()
                                    .orElseThrow()));

            HistoryService history = second.getBean(HistoryService.class);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(runsOf(history, secondOrders))
                            .as("every WF01 run of the second start completes once its shipment is sent")
                            .hasSize(2)
                            .allSatisfy(run -> assertThat(run.getState()).isEqualTo("COMPLETED")));

            Map<String, JsonNode> byExternalId = new HashMap<>();
            JsonNode printful = sandbox().path("printful").path("orders");
            printful.forEach(order -> byExternalId.put(order.path("external_id").asText(), order));
            Set<Long> printfulIds = new TreeSet<>();
            printful.forEach(order -> printfulIds.add(order.path("id").asLong()));
            assertThat(printfulIds).as("Printful IDs never repeat").hasSize(printful.size());
            for (String order : secondOrders) {
                JsonNode atPrintful = printfulOrderOf(byExternalId, order);
                assertThat(atPrintful)
                        .as("/sandbox shows the Printful order of " + order)
                        .isNotNull();
                assertThat(atPrintful.path("status").asText()).isEqualTo("fulfilled");
                assertThat(atPrintful.path("shipments")).as("its shipment").hasSize(1);
            }
            // The first start's shipments were still due when it stopped: sent after the restart, they finish its
            // runs too (a run whose Printful order the demo's cancellation took never ships, and is not asked to).
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        Map<String, JsonNode> now = new HashMap<>();
                        sandbox()
                                .path("printful")
                                .path("orders")
                                .forEach(order ->
                                        now.put(order.path("external_id").asText(), order));
                        assertThat(runsOf(history, firstOrders))
                                .filteredOn(run -> "fulfilled"
                                        .equals(printfulOrderOf(now, run.getBusinessKey())
                                                .path("status")
                                                .asText()))
                                .as("the first start's runs whose order shipped after the restart")
                                .isNotEmpty()
                                .allSatisfy(run -> assertThat(run.getState()).isEqualTo("COMPLETED"));
                    });

            RuntimeService runtime = second.getBean(RuntimeService.class);
            assertThat(runtime.createIncidentQuery().list()).as("incidents").isEmpty();
            assertThat(history.createHistoricIncidentQuery().list())
                    .as("incidents, also resolved ones")
                    .isEmpty();
        }
    }

    /** As {@code java -jar} with arguments, which override the quick start's profile (port, database file). */
    private static ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>();
        APP.properties(true).forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(AutoBizApplication.class).run(arguments.toArray(String[]::new));
    }

    private static List<HistoricProcessInstance> runsOf(HistoryService history, Set<String> orders) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey("order-fulfill").list().stream()
                .filter(run -> orders.contains(run.getBusinessKey()))
                .toList();
    }

    /** The WF01 orders (business keys) beyond {@code before}, once both have a Printful order. */
    private static Set<String> awaitTwoFulfilmentsAtPrintful(ConfigurableApplicationContext app, Set<String> before) {
        Set<String> found = new TreeSet<>();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Set<String> now = new TreeSet<>(fulfilmentOrders(app));
                    now.removeAll(before);
                    assertThat(now).hasSize(2);
                    Map<String, JsonNode> byExternalId = new HashMap<>();
                    sandbox()
                            .path("printful")
                            .path("orders")
                            .forEach(order ->
                                    byExternalId.put(order.path("external_id").asText(), order));
                    assertThat(now)
                            .allSatisfy(order -> assertThat(printfulOrderOf(byExternalId, order))
                                    .as("the Printful order of " + order)
                                    .isNotNull());
                    found.clear();
                    found.addAll(now);
                });
        return found;
    }

    private static Set<String> fulfilmentOrders(ConfigurableApplicationContext app) {
        Set<String> orders = new TreeSet<>();
        app.getBean(HistoryService.class)
                .createHistoricProcessInstanceQuery()
                .processDefinitionKey("order-fulfill")
                .list()
                .forEach(run -> orders.add(run.getBusinessKey()));
        return orders;
    }

    /** The Printful order whose external ID names the Shopify order (its numeric ID). */
    private static JsonNode printfulOrderOf(Map<String, JsonNode> byExternalId, String shopifyOrder) {
        String number = String.valueOf(numberOf(shopifyOrder));
        return byExternalId.entrySet().stream()
                .filter(entry -> entry.getKey().contains(number))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static long numberOf(String shopifyOrder) {
        return Long.parseLong(shopifyOrder.substring(shopifyOrder.lastIndexOf('/') + 1));
    }

    private static JsonNode sandbox() throws Exception {
        return Json.parse(APP.get("/sandbox", null).body());
    }
}
