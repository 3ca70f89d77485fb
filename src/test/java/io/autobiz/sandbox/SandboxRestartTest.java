package io.autobiz.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.testing.stage.Unit;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: the sandbox providers started again on the same database (new objects, as after a restart) continue where
 * they were: the same orders and payments, and IDs after the last ones (Printful's timeline:
 * {@code PrintfulTimelineRestartTest}).
 */
@Unit
class SandboxRestartTest {

    private static final TenantId STORE = TenantId.of(SandboxDatabase.STORE);
    private final SandboxDatabase database = new SandboxDatabase();

    @Test
    @DisplayName("P1-TASK-23 after a restart Shopify's orders are there and new order IDs and names continue")
    void shopifyContinues() {
        Map<String, Object> first = place(new ShopifySandbox(database.objects()));

        ShopifySandbox restarted = new ShopifySandbox(database.objects());
        Map<String, Object> second = place(restarted);

        assertThat(restarted.find(STORE, (String) first.get("id")))
                .containsEntry("name", first.get("name"))
                .containsEntry("displayFinancialStatus", "AUTHORIZED")
                .containsEntry("totalPriceSet", first.get("totalPriceSet"));
        assertThat(number(second.get("id"))).isGreaterThan(number(first.get("id")));
        assertThat(number(second.get("name"))).isEqualTo(number(first.get("name")) + 1);
        assertThat(restarted.orders(TenantId.of("another-store")))
                .as("another store sees none of them")
                .isEmpty();
    }

    @Test
    @DisplayName("P1-TASK-23 after a restart a Stripe payment keeps its state and refunds, and IDs never repeat")
    void stripeContinues() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        StripeSandbox before = new StripeSandbox(database.objects(), clock);
        String id = (String) before.authorize(STORE, 2500, "usd", Map.of("shopify_order", "o-1"))
                .get("id");
        before.capture(STORE, id, null);
        before.refund(STORE, id, 1000L, null, Map.of());

        StripeSandbox after = new StripeSandbox(database.objects(), clock);

        assertThat(after.retrieve(STORE, id))
                .containsEntry("status", "succeeded")
                .containsEntry("amount_received", 2500L);
        assertThat(after.refundedOf(STORE, id)).isEqualTo(1000L);
        assertThat(after.paymentIntents(STORE))
                .singleElement()
                .satisfies(intent -> assertThat(intent.get("metadata")).isEqualTo(Map.of("shopify_order", "o-1")));
    }

    private static Map<String, Object> place(ShopifySandbox shopify) {
        return shopify.placePaidOrder(
                STORE,
                "ada@example.com",
                "USD",
                new BigDecimal("25.00"),
                List.of(new ShopifySandbox.Line("TSHIRT-BLK-M", "T-shirt", 1)),
                Map.of("name", "Ada", "countryCodeV2", "US"));
    }

    private static long number(Object value) {
        String text = String.valueOf(value);
        return Long.parseLong(text.substring(Math.max(text.lastIndexOf('/'), text.lastIndexOf('#')) + 1));
    }
}
