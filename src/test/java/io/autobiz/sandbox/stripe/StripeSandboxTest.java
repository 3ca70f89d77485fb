package io.autobiz.sandbox.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxDatabase;
import io.autobiz.sandbox.SandboxObjects;
import io.autobiz.sandbox.stripe.StripeSandbox.StripeError;
import io.autobiz.testing.stage.Unit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The Stripe stand-in keeps Stripe's rules: state machine, refund ceiling, idempotency replay, test keys only. */
@Unit
class StripeSandboxTest {

    private static final String AUTH = "Bearer sk_test_sandbox_fake";
    private static final TenantId STORE = TenantId.of(SandboxDatabase.STORE);
    private final SandboxDatabase database = new SandboxDatabase();
    private final SandboxObjects objects = database.objects();
    private final StripeSandbox stripe =
            new StripeSandbox(objects, Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
    private final StripeSandboxController api = new StripeSandboxController(stripe, objects, database.accounts());

    private static MultiValueMap<String, String> form(String... pairs) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ResponseEntity<Object> response) {
        return (Map<String, Object>) response.getBody();
    }

    @Test
    @DisplayName("P1-T20 requires_capture moves to succeeded on capture; a captured payment cannot be voided")
    void stateMachine() {
        String id = (String) stripe.authorize(STORE, 2500, "USD", Map.of()).get("id");

        assertThat(stripe.capture(STORE, id, 2000L))
                .containsEntry("status", "succeeded")
                .containsEntry("amount_received", 2000L);
        assertThatThrownBy(() -> stripe.cancel(STORE, id))
                .isInstanceOfSatisfying(
                        StripeError.class, e -> assertThat(e.code).isEqualTo("payment_intent_unexpected_state"));
        String other = (String) stripe.authorize(STORE, 1000, "usd", Map.of()).get("id");
        assertThat(stripe.cancel(STORE, other)).containsEntry("status", "canceled");
        assertThatThrownBy(() -> stripe.capture(STORE, other, null)).isInstanceOf(StripeError.class);
    }

    @Test
    @DisplayName("P1-T22 refunds of one payment can never exceed what was captured")
    void refundCeiling() {
        String id = (String) stripe.authorize(STORE, 2500, "usd", Map.of()).get("id");
        assertThatThrownBy(() -> stripe.refund(STORE, id, 100L, null, Map.of()))
                .as("not captured yet")
                .isInstanceOf(StripeError.class);
        stripe.capture(STORE, id, 2000L);

        stripe.refund(STORE, id, 1500L, "requested_by_customer", Map.of());
        assertThatThrownBy(() -> stripe.refund(STORE, id, 600L, null, Map.of()))
                .isInstanceOfSatisfying(
                        StripeError.class, e -> assertThat(e.code).isEqualTo("amount_too_large"));
        stripe.refund(STORE, id, 500L, null, Map.of());

        assertThat(stripe.refundedOf(STORE, id)).isEqualTo(2000);
        assertThat(stripe.refunds(STORE)).hasSize(2);
    }

    @Test
    @DisplayName("P1-TASK-19 an Idempotency-Key already seen replays the first response; other parameters are refused")
    void idempotencyReplay() {
        MultiValueMap<String, String> authorize = form(
                "amount",
                "2500",
                "currency",
                "usd",
                "capture_method",
                "manual",
                "confirm",
                "true",
                "metadata[order_id]",
                "demo-store:order:1");

        Map<String, Object> first = body(api.create(AUTH, "autobiz:key-1", authorize));
        Map<String, Object> again = body(api.create(AUTH, "autobiz:key-1", authorize));

        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(stripe.paymentIntents(STORE)).hasSize(1);
        assertThatThrownBy(() -> api.create(
                        AUTH, "autobiz:key-1", form("amount", "9999", "currency", "usd", "capture_method", "manual")))
                .isInstanceOfSatisfying(StripeError.class, e -> {
                    assertThat(e.status).isEqualTo(400);
                    assertThat(e.code).isEqualTo("idempotency_key_in_use");
                });
    }

    @Test
    @DisplayName("P1-T22 a refund through the API replays for its key, so a retried step refunds once")
    void refundReplay() {
        String id = (String) stripe.authorize(STORE, 2500, "usd", Map.of()).get("id");
        stripe.capture(STORE, id, null);
        MultiValueMap<String, String> refund = form("payment_intent", id, "amount", "1000");

        api.refund(AUTH, "autobiz:refund-1", refund);
        api.refund(AUTH, "autobiz:refund-1", refund);

        assertThat(stripe.refundedOf(STORE, id)).isEqualTo(1000);
    }

    @Test
    @DisplayName("P1-T23 tax calculations use the sandbox's fixed rates, deterministically")
    void tax() {
        Map<String, Object> us = stripe.calculateTax("USD", List.of(2500L, 1500L), 500, "US");
        assertThat(us).containsEntry("tax_amount_exclusive", 371L).containsEntry("amount_total", 4871L);
        assertThat(stripe.calculateTax("usd", List.of(2500L), 0, "CA")).containsEntry("tax_amount_exclusive", 0L);
    }

    @Test
    @DisplayName("P1-H01 the sandbox refuses anything but a test-mode secret key")
    void testKeysOnly() {
        assertThatThrownBy(() -> api.create("Bearer sk_" + "live_abc", null, form("amount", "1")))
                .isInstanceOfSatisfying(
                        StripeError.class, e -> assertThat(e.status).isEqualTo(401));
    }

    @Test
    @DisplayName(
            "P1-T18 a golden run's payment reads as the case says once AutoBiz captured it (received and refunded),"
                    + " and before that as it is")
    @SuppressWarnings("unchecked")
    void goldenPaymentShownOnceCaptured() {
        stripe.authorizeAs(STORE, "pi_golden7", 2500, "usd", "requires_capture", Map.of());
        stripe.showAs(STORE, "pi_golden7", 2700, 200, true);

        assertThat(stripe.retrieve(STORE, "pi_golden7", true))
                .containsEntry("status", "requires_capture")
                .containsEntry("amount_received", 0L);
        stripe.capture(STORE, "pi_golden7", null);
        Map<String, Object> shown = stripe.retrieve(STORE, "pi_golden7", true);
        assertThat(shown).containsEntry("amount_received", 2700L);
        assertThat((Map<String, Object>) shown.get("latest_charge"))
                .containsEntry("amount_captured", 2700L)
                .containsEntry("amount_refunded", 200L);
    }
}
