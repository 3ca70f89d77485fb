package io.autobiz.sandbox.printful;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxDatabase;
import io.autobiz.sandbox.SandboxProperties;
import io.autobiz.testing.stage.Unit;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: the Printful stand-in's timeline is in the database. A confirmed order whose shipment fell due while the
 * application was down ships once it is up again, and its signed {@code shipment_sent} webhook is delivered.
 */
@Unit
class PrintfulTimelineRestartTest {

    private static final TenantId STORE = TenantId.of(SandboxDatabase.STORE);
    private final SandboxDatabase database = new SandboxDatabase();

    @Test
    @DisplayName("P1-TASK-23 a Printful shipment due while the application was down ships after the restart, with its"
            + " signed webhook")
    void printfulShipmentDueWhileDownIsSent() {
        WireMockServer app = new WireMockServer(options().dynamicPort());
        app.start();
        try {
            app.stubFor(post(urlEqualTo("/webhooks/printful/" + SandboxDatabase.STORE))
                    .willReturn(aResponse().withStatus(200)));
            SandboxProperties properties = new SandboxProperties(
                    true, URI.create(app.baseUrl()), Duration.ofSeconds(10), Duration.ofSeconds(30));
            PrintfulSandbox before = printful(properties, Clock.systemUTC());
            long id = create(before);
            // Stopped before its timeline ever ran: the order is confirmed, its steps wait in the database.
            before.close();

            // Started again a minute later: production and shipping fell due while nothing ran.
            PrintfulSandbox after = printful(properties, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
            try {
                after.start();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(after.orders(STORE)).singleElement().satisfies(order -> {
                        assertThat(order.get("status")).isEqualTo("fulfilled");
                        assertThat((List<?>) order.get("shipments")).hasSize(1);
                    });
                    app.verify(
                            1,
                            postRequestedFor(urlEqualTo("/webhooks/printful/" + SandboxDatabase.STORE))
                                    .withRequestBody(containing("shipment_sent"))
                                    .withRequestBody(containing("\"id\":" + id)));
                });
                long next = create(after);
                assertThat(next)
                        .as("a new Printful ID continues after the last")
                        .isGreaterThan(id);
            } finally {
                after.close();
            }
        } finally {
            app.stop();
        }
    }

    private PrintfulSandbox printful(SandboxProperties properties, Clock clock) {
        return new PrintfulSandbox(properties, database.objects(), database.accounts(), database.credentials(), clock);
    }

    /** Creates and confirms an order, as the Printful tools do through its HTTP surface. */
    private static long create(PrintfulSandbox printful) {
        return createAndConfirm(
                printful,
                Json.parse(
                        "{\"external_id\": \"o-" + System.nanoTime() + "\", \"recipient\": {}, \"order_items\": []}"));
    }

    private static long createAndConfirm(PrintfulSandbox printful, JsonNode order) {
        long id =
                ((Number) printful.create(SandboxDatabase.PRINTFUL_STORE, order).get("id")).longValue();
        printful.confirm(SandboxDatabase.PRINTFUL_STORE, id);
        return id;
    }
}
