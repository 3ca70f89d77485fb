package io.autobiz.sandbox.printful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxDatabase;
import io.autobiz.sandbox.SandboxProperties;
import io.autobiz.sandbox.printful.PrintfulSandbox.PrintfulError;
import io.autobiz.testing.stage.Unit;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Printful stand-in's order states: drafts and pending orders cancel, orders in production do not. */
@Unit
class PrintfulSandboxTest {

    private final SandboxDatabase database = new SandboxDatabase();
    private final PrintfulSandbox printful = new PrintfulSandbox(
            new SandboxProperties(true, URI.create("http://127.0.0.1:9"), Duration.ofMillis(100), Duration.ofHours(1)),
            database.objects(),
            database.accounts(),
            database.credentials(),
            Clock.systemUTC());

    @BeforeEach
    void start() {
        printful.start();
    }

    @AfterEach
    void close() throws Exception {
        printful.close();
    }

    private long draft(String externalId) {
        return (Long) printful.create(
                        "7001",
                        Json.parse("{\"external_id\": \"" + externalId + "\", \"recipient\": {}, \"order_items\": []}"))
                .get("id");
    }

    @Test
    @DisplayName("P1-T24 a draft cancels, and cancelling it again answers with the cancelled order")
    void cancelDraft() {
        long id = draft("acme-1");

        assertThat(printful.cancel("7001", id)).containsEntry("status", "canceled");
        assertThat(printful.cancel("7001", id)).containsEntry("status", "canceled");
        assertThatThrownBy(() -> printful.confirm("7001", id)).isInstanceOf(PrintfulError.class);
    }

    @Test
    @DisplayName(
            "P1-T26 a confirmed order goes into production on the sandbox's timeline and can no longer be cancelled")
    void inProductionCannotCancel() {
        long id = draft("acme-2");
        assertThat(printful.confirm("7001", id)).containsEntry("status", "pending");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> "inprocess".equals(printful.get("7001", id).get("status")));

        assertThatThrownBy(() -> printful.cancel("7001", id))
                .isInstanceOfSatisfying(
                        PrintfulError.class, e -> assertThat(e.status).isEqualTo(409));
    }

    @Test
    @DisplayName("P1-T19 a second order with the same external_id is refused: creation is idempotent by external_id")
    void externalIdUnique() {
        draft("acme-3");
        assertThatThrownBy(() -> draft("acme-3"))
                .isInstanceOfSatisfying(
                        PrintfulError.class, e -> assertThat(e.status).isEqualTo(400));
    }

    @Test
    @DisplayName("P1-T18 a golden run's Printful order is at Printful under the case's own ID and status, with its"
            + " shipment, and shows the case's reads in turn, the last one from then on")
    void goldenOrderAsTheCaseSays() {
        TenantId store = TenantId.of(SandboxDatabase.STORE);
        printful.placeOrderAs(store, 800_000_041L, "shopify-41", "onhold", List.of("onhold", "pending"), true);

        assertThat(printful.getByExternalId("7001", "shopify-41"))
                .containsEntry("id", 800_000_041L)
                .containsEntry("status", "onhold");
        assertThat(printful.get("7001", 800_000_041L)).containsEntry("status", "onhold");
        assertThat(printful.get("7001", 800_000_041L)).containsEntry("status", "pending");
        assertThat(printful.get("7001", 800_000_041L)).containsEntry("status", "pending");
        assertThat(printful.shipmentsOf("7001", 800_000_041L))
                .singleElement()
                .satisfies(shipment -> assertThat(shipment).containsEntry("order_id", 800_000_041L));
    }

    @Test
    @DisplayName("P1-T18 the order AutoBiz places for a golden case's Shopify order gets the case's own Printful ID,"
            + " others are numbered as before")
    void goldenOrderPlacedLaterGetsTheCasesId() {
        printful.placeOrderAs(TenantId.of(SandboxDatabase.STORE), 800_000_042L, "shopify-42", null, null, false);

        assertThat(draft("shopify-42")).isEqualTo(800_000_042L);
        assertThat(printful.shipmentsOf("7001", 800_000_042L)).isEmpty();
        assertThat(draft("shopify-43")).isNotEqualTo(800_000_042L);
    }
}
